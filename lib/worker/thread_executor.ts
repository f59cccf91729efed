/**
 * Parent side of one worker thread: starts it, posts batches on a private port, cancels units
 * through the shared control block, and reads there, after a death, which unit was running and
 * which had not started. The rest of an executor's job is {@linkcode ExecutorBase}'s.
 *
 * @module
 */
import { markDead, nextPid, registryFor } from "../internal/threads.ts";
import { holdWorker } from "./_idle_release.ts";
import { processWorker, serveRelayRequest } from "./_spare.ts";
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
import type { FromWorker, InitMessage, RunMessage, ToWorker } from "./protocol.ts";
import { ExecutorBase } from "./_executor_base.ts";
import { packPlainRun } from "./_plain_run.ts";
import { argumentError, initargsError, initFields } from "./_batch.ts";
import type { ExecutorListener, ExecutorSpec, Unit, UnitOwner } from "./executor.ts";

const WORKER_URL = new URL("./thread_entry.ts", import.meta.url);
// How long a worker whose task posted on its global postMessage may take to deliver the results
// of the units it already started, before it is stopped anyway.
const STOP_GRACE_MS = 100;

/** Extra settings of a worker thread. */
export interface WorkerOptions {
  /** Deno's worker permissions (needs `--unstable-worker-options`), or `undefined` to inherit. */
  readonly permissions?: Deno.PermissionOptions;
  /**
   * A Process's worker: when it inherits permissions, a warm spare if one is ready, which the
   * spawner worker runs, on every thread (`_spare.ts`).
   */
  readonly spare?: boolean;
  /**
   * A pool's source of workers built ahead (`pool/_warm_workers.ts`): asked first, with the
   * entry and the options `new Worker` would get, for a worker equal to a fresh one.
   */
  readonly prebuilt?: PrebuiltWorkers | undefined;
}

/** What a pool worker thread is constructed with, besides its entry script's URL. */
export interface ThreadWorkerOptions {
  readonly type: "module";
  readonly name: string;
  readonly deno?: { readonly permissions: Deno.PermissionOptions };
}

/** Gives a worker started ahead with exactly `url` and `options`, never run, or `null`. */
export interface PrebuiltWorkers {
  /** The worker, now owned by the caller and holding the process as a new one does; or `null`. */
  take(url: URL, options: ThreadWorkerOptions): Worker | null;
}

/** A running worker thread and the units it holds. */
export class ThreadExecutor extends ExecutorBase {
  readonly pid: number;
  /** A terminated worker thread is gone at once, as far as the parent can tell. */
  readonly closed: Promise<void> = Promise.resolve();
  readonly #worker: Worker;
  // Every message after init travels on this channel; the worker's end is private to its entry
  // script, so task code in the worker cannot post on it.
  readonly #port: MessagePort;
  readonly #control: ControlBlock = newControlBlock();
  // Set once a task posted on the worker's global postMessage: the worker takes no new units,
  // what it has not started is taken back, and it is stopped once its port has delivered the
  // results of what it did start (or after STOP_GRACE_MS).
  #condemned: {
    readonly cause: Error;
    readonly rescued: Unit[];
    timer: ReturnType<typeof setTimeout>;
  } | null = null;

  constructor(spec: ExecutorSpec, listener: ExecutorListener, options: WorkerOptions = {}) {
    super(spec, listener);
    this.pid = nextPid();
    // Initargs travel as a task's arguments do: shared objects (a Connection's new relay port
    // among them) as records, encoded again for every worker started, so a replaced worker gets
    // the same live objects. Encoded first: arguments that cannot be read start nothing.
    const initTransfer: Transferable[] = [];
    const initargs = encodeShared(spec.initargs, initTransfer, spec.module, this.pid) as unknown[];
    // The channel next: if starting the worker throws, nothing is left running.
    const channel = new MessageChannel();
    try {
      const { permissions } = options;
      const deno = permissions === undefined ? {} : { deno: { permissions } };
      const spare = options.spare === true && permissions === undefined ? processWorker() : null;
      const workerOptions: ThreadWorkerOptions = { type: "module", name: spec.name, ...deno };
      this.#worker = spare ?? options.prebuilt?.take(WORKER_URL, workerOptions) ??
        new Worker(WORKER_URL, workerOptions);
    } catch (error) {
      closePorts(initTransfer);
      throw error;
    }
    this.#port = channel.port1;
    this.#port.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    this.#port.onmessageerror = () => {
      this.kill(
        "uncaught-error",
        new Error(`worker ${this.name} sent a message that could not be read`),
      );
    };
    this.#worker.onmessage = (event: MessageEvent<unknown>) => {
      // A worker's first Process asks for a relay to the spare workers (`_spare.ts`); never one
      // with permissions of its own (a spare has this thread's).
      const inherits = options.permissions === undefined;
      if (inherits && serveRelayRequest(this.#worker, event.data)) return;
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
      ...initFields(spec, initargs),
      port: channel.port2,
      pid: this.pid,
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
      throw initargsError(error, `worker ${spec.name}`, "structured clone");
    }
  }

  /** True once it takes no new units: it is being stopped. */
  get closing(): boolean {
    return this.#condemned !== null;
  }

  override get pending(): number {
    // Units rescued from a condemned worker are still owed: they go elsewhere once it stops.
    return this.owed() + (this.#condemned?.rescued.length ?? 0);
  }

  passed(): number {
    return startedCount(this.#control);
  }

  takeBack(max: number): Unit[] {
    const taken: Unit[] = [];
    for (let offset = this.inflight.length - 1; offset >= 0 && taken.length < max; offset--) {
      const seq = this.firstUnanswered + offset;
      if (this.withdrawn.has(seq)) continue;
      // Units start in order: once one has started, every older one has too.
      if (!takeBackUnit(this.#control, seq)) break;
      this.withdrawn.add(seq);
      taken.push(this.inflight.at(offset)!);
    }
    return taken.reverse();
  }

  cancelOwner(owner: UnitOwner, reason: CancelReason): number | null {
    const started = startedCount(this.#control);
    let running: number | null = null;
    for (const seq of this.unitsOf(owner)) {
      // Not started yet: taken back, it never runs (its call rejects by itself).
      if (takeBackUnit(this.#control, seq)) {
        this.withdrawn.add(seq);
        continue;
      }
      markCancelled(this.#control, seq, reason);
      if (seq === started - 1) {
        running = seq;
        // An async task waiting on its signal learns of it only by message.
        this.#post({ type: "cancel", seq, reason });
      }
    }
    return running;
  }

  protected encode(unit: Unit, transfer: Transferable[]): unknown {
    checkTransfer(unit.transfer);
    const payload = encodeShared(unit.payload, transfer, this.module, this.pid);
    if (unit.transfer !== null) transfer.push(...unit.transfer);
    return payload;
  }

  protected decode(value: unknown): unknown {
    return decodeShared(value, this.module);
  }

  protected post(message: RunMessage, transfer: readonly Transferable[]): void {
    const plain = transfer.length === 0 ? packPlainRun(message) : null;
    if (plain === null) this.#post(message, transfer);
    else this.#port.postMessage(plain);
    ring(this.#control);
  }

  /** Posts on the private port; an empty transfer list would still take the slower path. */
  #post(message: ToWorker, transfer: readonly Transferable[] = []): void {
    if (transfer.length === 0) this.#port.postMessage(message);
    else this.#port.postMessage(message, transfer as Transferable[]);
  }

  protected argumentError(unit: Unit, error: unknown): Error {
    return argumentError(unit, error, "a worker", null);
  }

  /** Finds the units whose payload cannot be cloned; if none, the error was not theirs. */
  protected sendFailed(units: readonly Unit[], error: unknown): Array<readonly [Unit, Error]> {
    const rejected: Array<readonly [Unit, Error]> = [];
    const good: Unit[] = [];
    for (const unit of units) {
      try {
        structuredClone(unit.payload);
        good.push(unit);
      } catch (cloneError) {
        rejected.push([unit, argumentError(unit, cloneError, "a worker", "structured clone")]);
      }
    }
    if (rejected.length === 0) throw error;
    if (good.length > 0) rejected.push(...this.send(good));
    return rejected;
  }

  protected applyHold(held: boolean): void {
    holdWorker(this.#worker, this.#port, held);
  }

  protected stop(): void {
    if (this.#condemned !== null) clearTimeout(this.#condemned.timer);
    this.#port.close();
    this.#worker.terminate();
    // Locks it held can now be taken over by their next acquirer.
    markDead(this.pid);
  }

  /** Units taken back when it was condemned never ran: they go to another worker. */
  protected override reclaimed(): Unit[] {
    return this.#condemned?.rescued.splice(0) ?? [];
  }

  /** A malformed message on the private port: the worker itself is corrupt, stop it now. */
  protected violation(what: string): void {
    this.kill("protocol-violation", this.#violationError(what));
  }

  #violationError(what: string): Error {
    return new Error(
      `worker ${this.name} broke the pool's protocol: it sent ${what}. Its parent expects ` +
        "only its own results on its private channel; the worker was stopped and only the " +
        "units it held are affected",
    );
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

  // Before the listener hears of the results: a pool that is closing must learn of the units
  // rescued from a condemned worker before it decides that nothing is left to run.
  protected override resultsSettled(): void {
    this.#stopCondemnedIfDone();
  }

  #stopCondemnedIfDone(): void {
    if (this.#condemned !== null && this.owed() === 0) this.#stopCondemned();
  }

  #stopCondemned(): void {
    if (this.#condemned !== null) this.kill("protocol-violation", this.#condemned.cause);
  }
}

/** Closes the ports among `items` that will not be sent after all (a Connection's relay, say). */
function closePorts(items: readonly Transferable[]): void {
  for (const item of items) if (item instanceof MessagePort) item.close();
}
