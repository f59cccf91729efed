/**
 * Parent side of one worker thread: starts it, sends batches of units, matches the answers to
 * the units in flight, cancels units through the shared control block, and works out after a
 * death which unit was running and which had not started.
 *
 * @module
 */
import { getCurrent, markDead, nextPid, registryFor } from "../internal/threads.ts";
import { canRelease, holdWorker } from "./_idle_release.ts";
import { Deque } from "../internal/deque.ts";
import { checkTransfer } from "../internal/check.ts";
import { decodeShared, encodeShared } from "../wire/codec.ts";
import {
  type CancelReason,
  type ControlBlock,
  markCancelled,
  newControlBlock,
  ring,
  startedCount,
  takeBackUnit,
} from "./control_block.ts";
import type { FromWorker, InitMessage } from "./protocol.ts";
import { reportEnd, runMessage, settleResults, splitUnanswered } from "./_batch.ts";
import { messageFault } from "./_message_check.ts";
import type {
  Death,
  Executor,
  ExecutorListener,
  ExecutorSpec,
  Unit,
  UnitOwner,
} from "./executor.ts";

const WORKER_URL = new URL("./thread_entry.ts", import.meta.url);
// How long a worker whose task posted on its global postMessage may take to deliver the results
// of the units it already started, before it is stopped anyway.
const STOP_GRACE_MS = 100;

/** Extra settings of a worker thread. */
export interface WorkerOptions {
  /** Deno's worker permissions (needs `--unstable-worker-options`), or `undefined` to inherit. */
  readonly permissions?: Deno.PermissionOptions;
}

/** A running worker thread and the units it holds. */
export class WorkerHandle implements Executor {
  readonly name: string;
  readonly pid: number;
  readonly inflight: Deque<Unit> = new Deque();
  sent = 0;
  alive = true;
  starting = true;
  /** A terminated worker thread is gone at once, as far as the parent can tell. */
  readonly closed: Promise<void> = Promise.resolve();
  readonly #worker: Worker;
  // Every message after init travels on this channel; the worker's end is private to its entry
  // script, so task code in the worker cannot post on it.
  readonly #port: MessagePort;
  readonly #control: ControlBlock = newControlBlock();
  readonly #listener: ExecutorListener;
  #answered = 0;
  // Sequence numbers of units taken back: they stay in `inflight` (so a unit's seq is still
  // `#answered` plus its offset) until the worker reports it passed them.
  readonly #withdrawn = new Set<number>();
  // Set once a task posted on the worker's global postMessage: the worker takes no new units,
  // what it has not started is taken back, and it is stopped once its port has delivered the
  // results of what it did start (or after STOP_GRACE_MS).
  #condemned: {
    readonly cause: Error;
    readonly rescued: Unit[];
    timer: ReturnType<typeof setTimeout>;
  } | null = null;

  // Whether it may be released when idle (decided at its start), and whether it holds now.
  readonly #releasable = canRelease();
  #held = true;
  // The task module: instances of its classes travel as instances (wire/_class_space.ts).
  readonly #module: string | null;
  readonly #decode = (value: unknown): unknown => decodeShared(value, this.#module);

  constructor(spec: ExecutorSpec, listener: ExecutorListener, options: WorkerOptions = {}) {
    this.name = spec.name;
    this.#module = spec.module;
    this.pid = nextPid();
    this.#listener = listener;
    const workerOptions: WorkerOptions & { type: "module"; name: string } = {
      type: "module",
      name: spec.name,
    };
    if (options.permissions !== undefined) {
      Object.assign(workerOptions, { deno: { permissions: options.permissions } });
    }
    // Initargs travel as a task's arguments do: shared objects (a Connection's new relay port
    // among them) as records, encoded again for every worker started, so a replaced worker gets
    // the same live objects. Encoded first: arguments that cannot be read start nothing.
    const initTransfer: Transferable[] = [];
    const initargs = encodeShared(
      spec.initargs,
      initTransfer,
      spec.module,
      this.pid,
    ) as readonly unknown[];
    // The channel next: if starting the worker throws, nothing is left running.
    const channel = new MessageChannel();
    try {
      this.#worker = new Worker(WORKER_URL, workerOptions);
    } catch (error) {
      closePorts(initTransfer);
      throw error;
    }
    this.#port = channel.port1;
    this.#port.onmessage = (event: MessageEvent<FromWorker>) => this.#receive(event.data);
    this.#port.onmessageerror = () => {
      this.kill(
        "uncaught-error",
        new Error(`worker ${this.name} sent a message that could not be read`),
      );
    };
    this.#worker.onmessage = (event: MessageEvent<unknown>) => {
      // The worker's own code posts only on its port: this came from a task.
      this.#condemn(`a message on its global postMessage (${typeof event.data})`);
    };
    this.#worker.onerror = (event) => {
      // Unhandled, an error event from a worker takes the whole process down.
      event.preventDefault();
      this.kill("uncaught-error", new Error(`worker ${this.name} failed: ${event.message}`));
    };
    this.#worker.onmessageerror = () => {
      this.#condemn("a message on its global postMessage that could not be read");
    };
    const init: InitMessage = {
      type: "init",
      port: channel.port2,
      module: spec.module,
      initializer: spec.initializer,
      initargs,
      name: spec.name,
      pid: this.pid,
      parent: getCurrent(),
      control: this.#control.buffer,
      registry: registryFor(this.pid, options.permissions !== undefined),
    };
    try {
      this.#worker.postMessage(init, [channel.port2, ...initTransfer]);
    } catch (error) {
      // A worker that never gets its init message would wait, and keep this process alive.
      this.#worker.terminate();
      this.#port.close();
      closePorts([channel.port2, ...initTransfer]);
      markDead(this.pid);
      throw uncloneableInitargs(spec.name, error);
    }
  }

  /** True once it takes no new units: it is being stopped. */
  get closing(): boolean {
    return this.#condemned !== null;
  }

  get pending(): number {
    // Units rescued from a condemned worker are still owed: they go elsewhere once it stops.
    return this.#owed() + (this.#condemned?.rescued.length ?? 0);
  }

  /** Units sent here that this worker still owes an answer for. */
  #owed(): number {
    return this.inflight.length - this.#withdrawn.size;
  }

  passed(): number {
    return startedCount(this.#control);
  }

  takeBack(max: number): Unit[] {
    const taken: Unit[] = [];
    for (let offset = this.inflight.length - 1; offset >= 0 && taken.length < max; offset--) {
      const seq = this.#answered + offset;
      if (this.#withdrawn.has(seq)) continue;
      // Units start in order: once one has started, every older one has too.
      if (!takeBackUnit(this.#control, seq)) break;
      this.#withdrawn.add(seq);
      taken.push(this.inflight.at(offset)!);
    }
    return taken.reverse();
  }

  send(units: readonly Unit[]): Array<readonly [Unit, Error]> {
    const payloads: unknown[] = new Array(units.length);
    let transfer: Transferable[] | null = null;
    let shared: number[] | null = null;
    const sharedTransfer: Transferable[] = [];
    for (let i = 0; i < units.length; i++) {
      const unit = units[i]!;
      let payload: unknown;
      try {
        checkTransfer(unit.transfer);
        payload = encodeShared(unit.payload, sharedTransfer, this.#module, this.pid);
      } catch (error) {
        // Its transfer list went stale or its arguments could not be read: that unit alone fails.
        const others = units.filter((other) => other !== unit);
        const failed = [unit, unsendable(unit, error)] as const;
        return others.length === 0 ? [failed] : [failed, ...this.send(others)];
      }
      if (payload !== unit.payload) (shared ??= []).push(i);
      payloads[i] = payload;
      if (unit.transfer !== null) (transfer ??= []).push(...unit.transfer);
    }
    if (sharedTransfer.length > 0) (transfer ??= []).push(...sharedTransfer);
    const message = runMessage(units, payloads, shared);
    try {
      // An empty transfer list still takes the slower transfer path: pass one only when needed.
      if (transfer === null) this.#port.postMessage(message);
      else this.#port.postMessage(message, transfer);
      ring(this.#control);
    } catch (error) {
      return this.#sendCloneable(units, error);
    }
    for (const unit of units) {
      this.inflight.push(unit);
      unit.owner.noteSent();
    }
    this.sent += units.length;
    return [];
  }

  cancelOwner(owner: UnitOwner, reason: CancelReason): number | null {
    const started = startedCount(this.#control);
    let running: number | null = null;
    for (let offset = 0; offset < this.inflight.length; offset++) {
      if (this.inflight.at(offset)!.owner !== owner) continue;
      const seq = this.#answered + offset;
      if (this.#withdrawn.has(seq)) continue;
      // Not started yet: taken back, it never runs (its call rejects by itself).
      if (takeBackUnit(this.#control, seq)) {
        this.#withdrawn.add(seq);
        continue;
      }
      markCancelled(this.#control, seq, reason);
      if (seq === started - 1) {
        running = seq;
        // An async task waiting on its signal learns of it only by message.
        this.#port.postMessage({ type: "cancel", seq, reason });
      }
    }
    return running;
  }

  answered(seq: number): boolean {
    return seq < this.#answered;
  }

  #sendCloneable(units: readonly Unit[], error: unknown): Array<readonly [Unit, Error]> {
    const rejected: Array<readonly [Unit, Error]> = [];
    const good: Unit[] = [];
    for (const unit of units) {
      try {
        structuredClone(unit.payload);
        good.push(unit);
      } catch (cloneError) {
        const reason = cloneError instanceof Error ? cloneError.message : String(cloneError);
        rejected.push([
          unit,
          new TypeError(
            `the arguments of task "${unit.ref.name}" cannot be sent to a worker: ${reason}. ` +
              "Arguments travel by structured clone: pass data, not functions or symbols",
            { cause: cloneError },
          ),
        ]);
      }
    }
    if (rejected.length === 0) throw error;
    if (good.length > 0) rejected.push(...this.send(good));
    return rejected;
  }

  holdProcess(held: boolean): void {
    if (held === this.#held || !this.alive || !this.#releasable) return;
    this.#held = held;
    holdWorker(this.#worker, this.#port, held);
  }

  terminate(): void {
    this.alive = false;
    if (this.#condemned !== null) clearTimeout(this.#condemned.timer);
    this.#port.close();
    this.#worker.terminate();
    // Locks it held can now be taken over by their next acquirer.
    markDead(this.pid);
  }

  kill(reason: Death["reason"], cause: unknown, exitCode: number | null = null): void {
    if (!this.alive) return;
    this.terminate();
    const { started, notStarted } = splitUnanswered(
      this.inflight,
      this.#answered,
      startedCount(this.#control),
      this.#withdrawn,
    );
    // Units taken back when it was condemned never ran: they go to another worker.
    if (this.#condemned !== null) notStarted.unshift(...this.#condemned.rescued.splice(0));
    this.#listener.onDeath(this, { reason, cause, exitCode, started, notStarted });
  }

  #violationError(what: string): Error {
    return new Error(
      `worker ${this.name} broke the pool's protocol: it sent ${what}. Its parent expects ` +
        "only its own results on its private channel; the worker was stopped and only the " +
        "units it held are affected",
    );
  }

  /** A malformed message on the private port: the worker itself is corrupt, stop it now. */
  #violation(what: string): void {
    this.kill("protocol-violation", this.#violationError(what));
  }

  /**
   * A message on the worker's global postMessage came from task code, not from the worker's
   * protocol (which uses the private port): it cannot shift any result, so the units the worker
   * already ran still get their results from the port before it is stopped.
   */
  #condemn(what: string): void {
    if (!this.alive || this.#condemned !== null) return;
    const rescued = this.takeBack(Infinity);
    const timer = setTimeout(() => this.#stopCondemned(), STOP_GRACE_MS);
    this.#condemned = { cause: this.#violationError(what), rescued, timer };
    this.#stopCondemnedIfDone();
  }

  #stopCondemnedIfDone(): void {
    if (this.#condemned !== null && this.#owed() === 0) this.#stopCondemned();
  }

  #stopCondemned(): void {
    if (this.#condemned !== null) this.kill("protocol-violation", this.#condemned.cause);
  }

  #withdrawnIn(first: number, count: number): number {
    if (this.#withdrawn.size === 0) return 0;
    let found = 0;
    for (const seq of this.#withdrawn) if (seq >= first && seq < first + count) found++;
    return found;
  }

  #receive(message: FromWorker): void {
    if (!this.alive) return;
    const fault = messageFault(message, {
      answered: this.#answered,
      unanswered: this.inflight.length,
      passed: startedCount(this.#control),
      withdrawnIn: (first, count) => this.#withdrawnIn(first, count),
    });
    if (fault !== null) {
      this.#violation(fault);
      return;
    }
    if (message.type === "ready") {
      this.starting = false;
      this.#listener.onReady?.(this);
      return;
    }
    if (message.type !== "results") {
      reportEnd(message, (reason, cause, exitCode) => this.kill(reason, cause, exitCode));
      return;
    }
    let covered: number;
    try {
      covered = settleResults(
        this.inflight,
        message,
        this.#decode,
        this.#withdrawn,
        this.#answered,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#violation(`results that could not be decoded (${reason})`);
      return;
    }
    this.#answered += covered;
    // Before the listener hears of the results: a pool that is closing must learn of the units
    // rescued from a condemned worker before it decides that nothing is left to run.
    this.#stopCondemnedIfDone();
    this.#listener.onResults(this, message.values.length, message.busyMs);
  }
}

function unsendable(unit: Unit, error: unknown): TypeError {
  const reason = error instanceof Error ? error.message : String(error);
  return new TypeError(
    `the arguments of task "${unit.ref.name}" cannot be sent to a worker: ${reason}`,
    { cause: error },
  );
}

function uncloneableInitargs(name: string, error: unknown): TypeError {
  const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
  return new TypeError(
    `the initializer's arguments (initargs) cannot be sent to worker ${name}: ${reason}. ` +
      "They travel as task arguments do, by structured clone: pass data, not functions or symbols",
    { cause: error },
  );
}

/** Closes the ports among `items` that will not be sent after all (a Connection's relay, say). */
function closePorts(items: readonly Transferable[]): void {
  for (const item of items) if (item instanceof MessagePort) item.close();
}
