/**
 * The owners of units: what turns unit outcomes into the promise a caller holds. A call of one
 * unit is its own unit, so an `apply` allocates one object besides its promise; that matters
 * when a million of them are queued.
 *
 * @module
 */
import type { TaskRef, UnitKind } from "./protocol.ts";
import type { Unit, UnitOwner } from "./worker_handle.ts";

/** Where a call stands. */
export type CallStatus = "pending" | "fulfilled" | "rejected";

/** Called once when a call settles; `AsyncResult` uses it for `callback`/`errorCallback`. */
export type SettleListener = (status: CallStatus, outcome: unknown) => void;

/** A call's promise and how it settles. */
export abstract class Call<R> implements UnitOwner {
  /** True once no more outcomes are wanted: settled, or cancelled by its consumer. */
  settled = false;
  status: CallStatus = "pending";
  /** The value or the error, once settled. */
  outcome: unknown = undefined;
  readonly promise: Promise<R>;
  onSettle: SettleListener | null = null;
  #resolve!: (value: R) => void;
  #reject!: (error: unknown) => void;

  constructor() {
    this.promise = new Promise<R>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

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
    this.onSettle?.(status, outcome);
  }
}

/** One unit, one result: `apply`, `applyAsync`, an `imap` chunk, a Process target. */
export class SingleCall<R> extends Call<R> implements Unit {
  readonly owner: UnitOwner = this;
  readonly index = 0;

  constructor(
    readonly ref: TaskRef,
    readonly kind: UnitKind,
    readonly payload: unknown,
    readonly transfer: readonly Transferable[] | null = null,
  ) {
    super();
  }

  resolveUnit(_index: number, value: unknown): void {
    if (!this.settled) this.fulfill(value as R);
  }
}

/** Many chunks, one ordered result array: `map`, `starmap` and their async forms. */
export class ChunkedCall<R> extends Call<R[]> {
  readonly #results: R[];
  readonly #offsets: readonly number[];
  #remaining: number;

  /** `offsets[i]` is where chunk `i`'s results start in the output. */
  constructor(length: number, offsets: readonly number[]) {
    super();
    this.#results = new Array<R>(length);
    this.#offsets = offsets;
    this.#remaining = offsets.length;
    if (this.#remaining === 0) this.fulfill(this.#results);
  }

  resolveUnit(index: number, value: unknown): void {
    if (this.settled) return;
    const chunk = value as R[];
    const offset = this.#offsets[index] ?? 0;
    for (let i = 0; i < chunk.length; i++) this.#results[offset + i] = chunk[i]!;
    if (--this.#remaining === 0) this.fulfill(this.#results);
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
    super();
    this.rejectUnit(0, error);
  }

  resolveUnit(): void {}
}
