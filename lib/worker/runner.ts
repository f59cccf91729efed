/**
 * The unit loop shared by a pool worker thread and a pool child process: it imports the pool's
 * module, runs the initializer, then runs units in the order they arrive, one at a time, and
 * answers with their outcomes in batches. How messages travel and how cancellation is read is
 * the port's business.
 *
 * @module
 */
import { toFailure } from "../wire/failure.ts";
import type { DeathReason, Failure, FromWorker, RunMessage, TaskRef } from "./protocol.ts";
import { explainReferenceError, type ResolvedTask, TaskCatalog } from "./task_catalog.ts";
import { isThenable, runUnit } from "./run_unit.ts";
import { CancelReason } from "./control_block.ts";
import { beginTask, cancellationError, endTask, setCancelProbe } from "./_task_state.ts";
import { importingTaskModule } from "./_bootstrap_guard.ts";
import { decoded } from "./_undecoded.ts";

/** How a runner talks to its parent. */
export interface RunnerPort {
  /** Sends a message; throws if it cannot be serialized. */
  post(message: FromWorker): void;
  /** Ends this worker or process, after its last message. */
  end(): void;
  /**
   * Counts a unit as started and claims it; returns its sequence number, or `null` if the parent
   * took it back (the runner then skips it without an answer).
   */
  startUnit(): number | null;
  /** Whether unit `seq` was cancelled. */
  cancelReason(seq: number): CancelReason;
  /** Called when the runner has nothing left to run. */
  idle(): void;
}

// Results are held back at most about this long while a batch runs, so slow tasks report
// promptly; the clock is read only every few units when units are fast.
const FLUSH_INTERVAL_MS = 1;
const MAX_CLOCK_STRIDE = 64;

/** Runs batches of units for one parent. */
export class Runner {
  readonly #port: RunnerPort;
  #catalog: TaskCatalog | null = null;
  #closing = false;
  #running = false;
  // Batches are run in place, unit by unit: no per-unit objects are made.
  readonly #batches: RunBatch[] = [];
  // Releases what was revived for the running unit's arguments (see `decodeForTask`).
  #releaseUnit: (() => void) | null = null;
  #unitIndex = 0;
  #clockStride = 1;
  #unitsSinceClock = 0;
  #values: unknown[] = [];
  // Units taken back and passed over since the last message, and units covered by messages.
  #skipped = 0;
  #reported = 0;
  #failures: Array<readonly [number, Failure]> | null = null;
  #busySince = 0;
  #busyMs = 0;
  #lastFlush = 0;

  /** Also makes `port` where this thread's `checkCancelled()` looks. */
  constructor(port: RunnerPort) {
    this.#port = port;
    setCancelProbe(port.cancelReason);
  }

  /** Whether the runner has ended (or is ending). */
  get closing(): boolean {
    return this.#closing;
  }

  /**
   * Loads the module and runs the initializer; on failure reports it and ends. `initargs` may
   * wait to be decoded until the module has loaded (see `_undecoded.ts`).
   */
  async init(
    module: string | null,
    initializer: TaskRef | null,
    initargs: unknown,
  ): Promise<void> {
    try {
      // Marked as bootstrapping while the module's top level runs: a Pool or Process created
      // there (a script without its main guard) throws instead of starting workers without end.
      const loaded = module === null
        ? await TaskCatalog.load(null)
        : await importingTaskModule(module, () => TaskCatalog.load(module));
      if (initializer !== null) {
        const args = decoded(initargs) as unknown[];
        const result = loaded.resolve(initializer).fn(...args);
        if (isThenable(result)) await result;
      }
      this.#catalog = loaded;
      this.#port.post({ type: "ready" });
    } catch (error) {
      this.#port.post({ type: "init-error", failure: toFailure(error) });
      this.#closing = true;
      this.#port.end();
      return;
    }
    this.#drain();
  }

  /** Queues a batch and runs what can run now. */
  enqueue(batch: RunBatch): void {
    this.#batches.push(batch);
    this.#drain();
  }

  /** Announces this runner's death to the parent and ends it. */
  die(reason: DeathReason, thrown?: unknown, exitCode: number | null = null): void {
    if (this.#closing) return;
    this.#flush();
    const failure = reason === "close" || reason === "exit" ? null : toFailure(thrown);
    this.#port.post({ type: "died", reason, failure, exitCode });
    this.#closing = true;
    this.#port.end();
  }

  #flush(): void {
    if ((this.#values.length === 0 && this.#skipped === 0) || this.#closing) return;
    const message: FromWorker = {
      type: "results",
      first: this.#reported,
      skipped: this.#skipped,
      values: this.#values,
      failures: this.#failures,
      busyMs: this.#busyMs,
      shared: null,
    };
    try {
      this.#port.post(message);
    } catch (error) {
      this.#port.post(withUncloneableReplaced(message, error));
    }
    this.#reported += message.values.length + message.skipped;
    this.#values = [];
    this.#failures = null;
    this.#skipped = 0;
    this.#busyMs = 0;
    this.#lastFlush = performance.now();
  }

  // Never throws, whatever was thrown: a unit without its outcome would leave its call waiting.
  #recordFailure(error: unknown, task: ResolvedTask | null, ref: TaskRef): void {
    (this.#failures ??= []).push([
      this.#values.length,
      toFailure(explainReferenceError(error, task, ref, this.#catalog)),
    ]);
    this.#values.push(undefined);
  }

  #afterUnit(): void {
    this.#endUnit();
    if (++this.#unitsSinceClock < this.#clockStride) return;
    const now = performance.now();
    const perUnit = (now - this.#busySince) / this.#unitsSinceClock;
    // Read the clock after every unit when units are slow, every few dozen when they are tiny.
    this.#clockStride = Math.max(
      1,
      Math.min(MAX_CLOCK_STRIDE, Math.floor(0.05 / Math.max(perUnit, 1e-6))),
    );
    this.#unitsSinceClock = 0;
    this.#busyMs += now - this.#busySince;
    this.#busySince = now;
    if (now - this.#lastFlush >= FLUSH_INTERVAL_MS) this.#flush();
  }

  #endUnit(): void {
    endTask();
    const release = this.#releaseUnit;
    this.#releaseUnit = null;
    release?.();
  }

  #stopClock(): void {
    this.#busyMs += performance.now() - this.#busySince;
    this.#unitsSinceClock = 0;
  }

  #drain(): void {
    if (this.#running || this.#catalog === null || this.#closing) return;
    const catalog = this.#catalog;
    this.#running = true;
    this.#busySince = performance.now();
    while (this.#batches.length > 0 && !this.#closing) {
      const batch = this.#batches[0]!;
      if (this.#unitIndex >= batch.kinds.length) {
        this.#batches.shift();
        this.#unitIndex = 0;
        // A new batch may hold slower tasks: measure from its first unit.
        this.#clockStride = 1;
        continue;
      }
      const i = this.#unitIndex++;
      const ref = batch.refs[batch.refIndex[i]!]!;
      this.#releaseUnit = batch.releases?.[i] ?? null;
      const seq = this.#port.startUnit();
      if (seq === null) {
        // The parent took it back (its call was cancelled, or another worker runs it).
        this.#skipped++;
        this.#endUnit();
        continue;
      }
      const cancelled = this.#port.cancelReason(seq);
      if (cancelled !== CancelReason.None) {
        // Its call was aborted while it waited here: it never runs.
        this.#recordFailure(cancellationError(cancelled, ref.name), null, ref);
        this.#afterUnit();
        continue;
      }
      beginTask(seq, ref.name);
      let outcome: unknown;
      let task: ResolvedTask | null = null;
      try {
        task = catalog.resolve(ref);
        const args = decoded(batch.payloads[i]);
        // A payload decoded only now (it waited for the module) set its release just now.
        this.#releaseUnit = batch.releases?.[i] ?? null;
        outcome = runUnit(task.fn, batch.kinds[i]!, args);
      } catch (error) {
        this.#recordFailure(error, task, ref);
        this.#afterUnit();
        continue;
      }
      if (isThenable(outcome)) {
        this.#awaitUnit(outcome, task, ref);
        return;
      }
      this.#values.push(outcome);
      this.#afterUnit();
    }
    this.#running = false;
    this.#stopClock();
    this.#flush();
    this.#port.idle();
  }

  #awaitUnit(outcome: PromiseLike<unknown>, task: ResolvedTask, ref: TaskRef): void {
    this.#stopClock();
    this.#flush();
    const awaitStart = performance.now();
    const resume = (): void => {
      this.#endUnit();
      this.#running = false;
      this.#busySince = awaitStart;
      this.#stopClock();
      this.#drain();
    };
    // Adopted as `await` adopts it: a thenable that calls back synchronously or twice, calls
    // both callbacks, throws from `then` or returns nothing settles its unit once. (Not
    // `Promise.resolve`: it reads a promise's `constructor`, which may throw synchronously.)
    new Promise<unknown>((adopt) => adopt(outcome)).then(
      (value) => {
        this.#values.push(value);
        resume();
      },
      (error) => {
        this.#recordFailure(error, task, ref);
        resume();
      },
    );
  }
}

/**
 * A batch as the runner takes it: `releases[i]`, if set, releases what was revived for unit i's
 * arguments once it ends (a pool task's Connections are its own, as Python drops its arguments).
 */
export type RunBatch = RunMessage & { releases?: ReadonlyArray<(() => void) | null> };

function withUncloneableReplaced(message: FromWorker & { type: "results" }, cause: unknown) {
  const fixed = [...(message.failures ?? [])];
  const reason = cause instanceof Error ? cause.message : String(cause);
  const cleanValues = message.values.map((value, position) => {
    try {
      structuredClone(value);
      return value;
    } catch {
      const error = new TypeError(
        `the task's result cannot be sent back from the worker (${reason}); return data ` +
          "that structured clone can copy (no functions or symbols), or instances of classes " +
          "exported from the pool's module or registered with registerClass()",
      );
      fixed.push([position, toFailure(error)]);
      return undefined;
    }
  });
  fixed.sort((a, b) => a[0] - b[0]);
  return { ...message, values: cleanValues, failures: fixed };
}
