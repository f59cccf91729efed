// A test plays the worker with the broker itself, as the worker process will: read → decodeTask
// → compute → encodeReply → settle. The real protocol, no stub: only the tasks are local.
import type { Broker, Delivery } from "../../lib/cluster/broker.ts";
import {
  decodeTask,
  encodeReply,
  type UnitOutcome,
  type WireReply,
} from "../../lib/cluster/wire.ts";

/** The tasks the played worker knows, by export name. */
export type Tasks = Record<string, (...args: never[]) => unknown>;

/** Runs one delivered entry with `tasks` and returns its reply (not yet settled). */
export async function runEntry(
  broker: Broker,
  delivery: Delivery,
  tasks: Tasks,
  worker = "test-worker",
): Promise<Uint8Array> {
  const task = await decodeTask(delivery, { getBlob: (key) => broker.getBlob(key) });
  const fn = (tasks as Record<string, (...args: unknown[]) => unknown>)[task.task.name ?? ""];
  if (fn === undefined) throw new Error(`the played worker has no task ${task.task.name}`);
  const common = {
    call: task.call,
    chunk: task.chunk,
    worker,
    deliveries: delivery.deliveries,
    busyMs: 1,
  };
  let reply: WireReply;
  if (task.kind === "apply") {
    const units: UnitOutcome[] = [];
    for (const unit of task.units) {
      try {
        units.push({ call: unit.call, ok: await fn(...unit.args) });
      } catch (error) {
        units.push({ call: unit.call, error });
      }
    }
    reply = { ...common, units };
  } else {
    try {
      const results = [];
      for (const item of task.items) {
        results.push(await (task.kind === "starmap" ? fn(...item as unknown[]) : fn(item)));
      }
      reply = { ...common, ok: results };
    } catch (error) {
      reply = { ...common, error };
    }
  }
  return encodeReply(reply, { putBlob: (bytes, ttl) => broker.putBlob(bytes, ttl) });
}

/**
 * Reads up to `count` entries once, runs them (in `order`) and settles each; returns how many
 * entries it ran.
 */
export async function workOnce(
  broker: Broker,
  tasks: Tasks,
  options: { count?: number; blockMs?: number; reverse?: boolean } = {},
): Promise<number> {
  const deliveries = await broker.read("test-worker", options.count ?? 100, options.blockMs ?? 0);
  if (options.reverse) deliveries.reverse();
  for (const delivery of deliveries) {
    await broker.settle(delivery, await runEntry(broker, delivery, tasks));
  }
  return deliveries.length;
}

/** Works until `stop()` is called; resolves with how many entries it ran. */
export function workLoop(
  broker: Broker,
  tasks: Tasks,
  options: { count?: number; reverse?: boolean } = {},
): { stop(): Promise<number> } {
  let stopped = false;
  const done = (async () => {
    let ran = 0;
    while (!stopped) ran += await workOnce(broker, tasks, { ...options, blockMs: 100 });
    return ran;
  })();
  return {
    stop: () => {
      stopped = true;
      return done;
    },
  };
}
