/**
 * The owners of units: what turns unit outcomes into the promise a caller holds, and what
 * cancels a call when its signal aborts or its timeout passes. A call of one unit is its own
 * unit, so an `apply` allocates one object besides its promise; that matters when a million of
 * them are queued.
 *
 * @module
 */
import { AbortError, TimeoutError } from "../errors.ts";
import { clearLongTimeout, type LongTimer, setLongTimeout } from "../internal/long_timer.ts";
import { CancelReason } from "./control_block.ts";
import type { TaskRef, UnitKind } from "./protocol.ts";
import type { Unit, UnitOwner } from "./executor.ts";
import { Progress, type ProgressListener } from "./progress.ts";

/** Where a call stands. */
export type CallStatus = "pending" | "fulfilled" | "rejected";

/** Called once when a call settles; `AsyncResult` uses it for `callback`/`errorCallback`. */
export type SettleListener = (status: CallStatus, outcome: unknown) => void;

/** A call's time limit, abort signal and retry budget. */
export interface CallLimits {
  /** Milliseconds the call may run once it has started; `Infinity` for no limit. */
  readonly timeout: number;
  readonly signal: AbortSignal | null;
  /** How many times a unit may be rerun after its worker died under it. */
  readonly retries: number;
}

/** No timeout, no signal, no retries. */
export const NO_LIMITS: CallLimits = { timeout: Infinity, signal: null, retries: 0 };

/**
 * Withdraws a cancelled call's units from the workers; returns true if one of them was running
 * (its task may still be running when the call rejects).
 */
export type Canceller = (call: Call<unknown>, reason: CancelReason) => boolean;

const RUNNING_HINT = "the task was told to stop (checkCancelled(), currentTask().signal); " +
  "one that ignores this has its worker replaced after the pool's cancelGrace, and with " +
  'thread isolation Deno cannot stop a thread stuck in synchronous code (deno#35657): use isolation: "process" ' +
  "for tasks that cannot check";

/** A call's promise and how it settles. */
export abstract class Call<R> implements UnitOwner {
  /** True once no more outcomes are wanted: settled, or cancelled by its consumer. */
  settled = false;
  status: CallStatus = "pending";
  /** The value or the error, once settled. */
  outcome: unknown = undefined;
  readonly promise: Promise<R>;
  onSettle: SettleListener | null = null;
  readonly retries: number;
  #resolve!: (value: R) => void;
  #reject!: (error: unknown) => void;
  readonly #timeout: number;
  readonly #signal: AbortSignal | null;
  #timer: LongTimer | undefined = undefined;
  #onAbort: (() => void) | null = null;
  #canceller: Canceller | null = null;

  constructor(limits: CallLimits) {
    this.promise = new Promise<R>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#timeout = limits.timeout;
    this.#signal = limits.signal;
    this.retries = limits.retries;
  }

  /** How long the call may run from its first unit's start (ms); Infinity for no limit. */
  get timeout(): number {
    return this.#timeout;
  }

  /** True while the call has a timeout that has not started: its first unit must not wait. */
  get awaitingStart(): boolean {
    return this.#timeout !== Infinity && this.#timer === undefined && !this.settled;
  }

  /**
   * Arms the signal for a call the dispatcher accepted; returns false (and rejects the call) if
   * the signal is already aborted, so the call is never queued.
   */
  watch(canceller: Canceller): boolean {
    this.#canceller = canceller;
    const signal = this.#signal;
    if (signal === null) return true;
    if (signal.aborted) {
      this.cancel(CancelReason.Abort);
      return false;
    }
    this.#onAbort = () => this.cancel(CancelReason.Abort);
    signal.addEventListener("abort", this.#onAbort, { once: true });
    return true;
  }

  /** A unit of this call was sent to a worker: the timeout starts with the first. */
  noteSent(): void {
    if (this.#timeout === Infinity || this.#timer !== undefined || this.settled) return;
    // Not setTimeout: it fires at once for a timeout above 2^31−1 ms.
    this.#timer = setLongTimeout(() => this.cancel(CancelReason.Timeout), this.#timeout);
  }

  /** Rejects the call with `AbortError` or `TimeoutError` and withdraws its units. */
  cancel(reason: CancelReason): void {
    if (this.settled) return;
    const running = this.#canceller?.(this as Call<unknown>, reason) ?? false;
    const why = reason === CancelReason.Timeout
      ? `timed out after ${this.#timeout} ms`
      : "was aborted";
    const where = running ? `; ${RUNNING_HINT}` : " before it started; it will not run";
    const message = `the call of ${this.label} ${why}${where}`;
    const error = reason === CancelReason.Timeout
      ? new TimeoutError(message)
      : new AbortError(message, { cause: this.#signal?.reason });
    this.rejectUnit(0, error);
  }

  /** Rejects the call with `error` and withdraws its units, telling running tasks to stop. */
  protected abandon(error: unknown): void {
    if (this.settled) return;
    this.#canceller?.(this as Call<unknown>, CancelReason.Abort);
    this.rejectUnit(0, error);
  }

  /** What the call runs, for error messages (made only when one is needed). */
  protected abstract get label(): string;

  abstract resolveUnit(index: number, value: unknown): void;

  rejectUnit(_index: number, error: unknown): void {
    if (this.settled) return;
    this.#settle("rejected", error);
    this.#reject(error);
  }

  protected fulfill(value: R): void {
    this.#settle("fulfilled", value);
    this.#resolve(value);
  }

  #settle(status: CallStatus, outcome: unknown): void {
    this.settled = true;
    this.status = status;
    this.outcome = outcome;
    clearLongTimeout(this.#timer);
    if (this.#onAbort !== null) this.#signal?.removeEventListener("abort", this.#onAbort);
    this.#onAbort = null;
    this.#canceller = null;
    this.onSettle?.(status, outcome);
  }
}

/** One unit, one result: `apply`, `applyAsync`, an `imap` chunk, a Process target. */
export class SingleCall<R> extends Call<R> implements Unit {
  readonly owner: UnitOwner = this;
  readonly index = 0;
  attempts = 0;
  keepArguments = false;

  constructor(
    readonly ref: TaskRef,
    readonly kind: UnitKind,
    readonly payload: unknown,
    readonly transfer: readonly Transferable[] | null = null,
    limits: CallLimits = NO_LIMITS,
  ) {
    super(limits);
  }

  protected get label(): string {
    return `task "${this.ref.name}"`;
  }

  resolveUnit(_index: number, value: unknown): void {
    if (!this.settled) this.fulfill(value as R);
  }
}

/**
 * Many chunks, one ordered result array: `map`, `starmap` and their async forms. With an
 * `onProgress` listener, progress is reported (and the call fulfilled) in a microtask after the
 * chunks that settled: the listener then runs outside the executors' loops, so whatever it does
 * (abort the call, terminate the pool, throw) cannot disturb the delivery of other results.
 */
export class ChunkedCall<R> extends Call<R[]> {
  readonly #results: R[];
  readonly #offsets: readonly number[];
  #remaining: number;
  readonly #label: string;
  readonly #progress: Progress | null;
  #unreported = 0;
  #reportQueued = false;

  /** `offsets[i]` is where chunk `i`'s results start in the output. */
  constructor(
    label: string,
    length: number,
    offsets: readonly number[],
    limits: CallLimits,
    onProgress: ProgressListener | null = null,
  ) {
    super(limits);
    this.#label = label;
    this.#results = new Array<R>(length);
    this.#offsets = offsets;
    this.#remaining = offsets.length;
    this.#progress = onProgress === null ? null : new Progress(onProgress, length);
    if (this.#remaining === 0) this.#chunkDone(0);
  }

  resolveUnit(index: number, value: unknown): void {
    // #remaining is 0 while a final report is queued: the call is complete, not yet settled.
    if (this.settled || this.#remaining === 0) return;
    const chunk = value as R[];
    const offset = this.#offsets[index] ?? 0;
    for (let i = 0; i < chunk.length; i++) this.#results[offset + i] = chunk[i]!;
    this.#remaining--;
    this.#chunkDone((this.#offsets[index + 1] ?? this.#results.length) - offset);
  }

  /** Counts a finished chunk of `items` items; fulfils the call after the last one. */
  #chunkDone(items: number): void {
    if (this.#progress === null) {
      if (this.#remaining === 0) this.fulfill(this.#results);
      return;
    }
    this.#unreported += items;
    if (this.#reportQueued) return;
    this.#reportQueued = true;
    queueMicrotask(() => this.#report(this.#progress!));
  }

  #report(progress: Progress): void {
    this.#reportQueued = false;
    if (this.settled) return; // rejected or cancelled meanwhile: nothing more is heard
    const items = this.#unreported;
    this.#unreported = 0;
    try {
      if (this.#remaining === 0) progress.finish();
      else progress.add(items);
    } catch (error) {
      this.abandon(
        new Error(
          `the onProgress callback of ${this.#label} threw, so the call was cancelled and ` +
            "rejects with this error (its cause is what the callback threw); the pool goes on",
          { cause: error },
        ),
      );
      return;
    }
    // The listener may have aborted the call (or terminated the pool) while it ran.
    if (this.#remaining === 0 && !this.settled) this.fulfill(this.#results);
  }

  protected get label(): string {
    return this.#label;
  }
}

/** Python's default chunksize for `map`: `ceil(n / (4 × processes))`, at least 1. */
export function defaultChunksize(length: number, processes: number): number {
  return Math.max(1, Math.ceil(length / (4 * processes)));
}

/** Start offsets of the chunks of `length` items taken `chunksize` at a time. */
export function chunkOffsets(length: number, chunksize: number): number[] {
  const offsets: number[] = [];
  for (let start = 0; start < length; start += chunksize) offsets.push(start);
  return offsets;
}

/** A call that failed before anything was queued: bad arguments, or a closed pool. */
export class FailedCall<R> extends Call<R> {
  constructor(error: unknown) {
    super(NO_LIMITS);
    this.rejectUnit(0, error);
  }

  protected get label(): string {
    return "a call that failed before it was queued";
  }

  resolveUnit(): void {}
}
