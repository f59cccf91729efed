/**
 * One delivery, from its bytes to its settled reply: admission (before any value is
 * deserialized), the delivery budget, the pool's liveness, cancel marks, the run in a local
 * Pool, and `encodeReply` + `Broker.settle` in one transaction with the acknowledgement.
 *
 * @module
 */
import type { Delivery } from "../cluster/broker.ts";
import type { RedisBroker } from "../cluster/redis_broker.ts";
import { decodeTask, encodeReply, type TaskHeader } from "../cluster/wire.ts";
import { AbortError, WorkerDiedError } from "../errors.ts";
import type { Cancels } from "./cancels.ts";
import type { LocalPools } from "./local_pools.ts";
import type { Slots } from "./slots.ts";
import { type Outcome, runEntry } from "./run_entry.ts";

/** What processing a delivery needs from its worker. */
export interface EntryContext {
  readonly name: string;
  readonly broker: RedisBroker;
  readonly admit: (header: TaskHeader) => void;
  readonly cancels: Cancels;
  readonly pools: LocalPools;
  readonly slots: Slots;
}

/** A delivery a worker holds, and whether it started running or was handed back. */
export interface Held {
  readonly delivery: Delivery;
  started: boolean;
  released: boolean;
}

// Thrown from admit to settle without running; its error is the reply.
class SettleWithout {
  constructor(readonly error: unknown) {}
}

function taskName(header: TaskHeader): string {
  return header.task.name ?? "<source>";
}

/** Runs and settles `held`; a failure to settle is reported, never thrown. */
export async function processEntry(context: EntryContext, held: Held): Promise<void> {
  const { broker, name, cancels } = context;
  const delivery = held.delivery;
  const start = performance.now();
  let header: TaskHeader | null = null;
  let outcome: Outcome;
  let module: string | null = null;
  try {
    const task = await decodeTask(delivery, {
      getBlob: (key) => broker.getBlob(key),
      admit: async (read) => {
        header = read;
        context.admit(read);
        const budget = (read.retries ?? 0) + 1;
        if (delivery.deliveries > budget) {
          throw new SettleWithout(
            new WorkerDiedError(
              `call ${read.call} (chunk ${read.chunk}) of pool ${read.pool}: its entry was ` +
                `delivered ${delivery.deliveries} times, more than retries + 1 = ${budget}; ` +
                `the worker running it died each time (refused by worker ${name})`,
              { taskName: taskName(read), workerName: name, attempts: delivery.deliveries - 1 },
            ),
          );
        }
        // Asked together: both commands go out at once, one round trip instead of two.
        const [alive, marked] = await Promise.all([
          broker.isAlive(read.pool),
          broker.cancelledCalls(read.pool),
        ]);
        if (!alive) {
          throw new SettleWithout(
            new AbortError(`pool ${read.pool} is dead (its liveness key expired): not run`),
          );
        }
        if (marked.length > 0) cancels.cancel(read.pool, marked);
        if (read.kind !== "apply" && cancels.isCancelled(read.pool, read.call)) {
          throw new SettleWithout(
            new AbortError(
              `call ${read.call} of pool ${read.pool} was cancelled before it started`,
            ),
          );
        }
      },
    });
    module = "module" in task.task ? task.task.module : null;
    // Entries held beyond the processes wait here, unstarted: a stop hands them back as they are.
    if (!(await context.slots.acquire())) return;
    try {
      if (held.released) return;
      held.started = true;
      outcome = await context.pools.use(task, (pool, fn) => runEntry(task, { pool, fn }, cancels));
    } finally {
      context.slots.release();
    }
  } catch (error) {
    outcome = { error: error instanceof SettleWithout ? error.error : error };
  }
  if (held.released) return;
  await settle(context, held, header, module, outcome, performance.now() - start);
}

async function settle(
  context: EntryContext,
  held: Held,
  header: TaskHeader | null,
  module: string | null,
  outcome: Outcome,
  busyMs: number,
): Promise<void> {
  const { broker, name } = context;
  const delivery = held.delivery;
  if (header === null) {
    // Unreadable before its header (another wire version, forged bytes): no call to answer.
    console.error(
      `multiproc worker ${name}: entry ${delivery.id} of pool ${delivery.pool} could not be read`,
      "error" in outcome ? outcome.error : outcome,
    );
  }
  const fields = {
    call: header?.call ?? 0,
    chunk: header?.chunk ?? 0,
    worker: name,
    deliveries: delivery.deliveries,
    busyMs: Math.round(busyMs),
  };
  try {
    const reply = await encodeReply({ ...fields, ...outcome }, {
      module,
      putBlob: (bytes, ttlMs) => broker.putBlob(bytes, ttlMs),
    });
    await broker.settle(delivery, reply);
  } catch (error) {
    // The entry stays pending: it is renewed no more, and a sweep takes it over.
    console.error(`multiproc worker ${name}: settling entry ${delivery.id} failed`, error);
  }
}
