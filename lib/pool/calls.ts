/**
 * The owners of units: what turns unit outcomes into the promise a caller holds.
 *
 * @module
 */
import type { UnitOwner } from "./worker_handle.ts";

/** One unit, one result: `apply`, `applyAsync`, a Process target. */
export class SingleCall<R> implements UnitOwner {
  settled = false;
  readonly promise: Promise<R>;
  #resolve!: (value: R) => void;
  #reject!: (error: unknown) => void;

  constructor() {
    this.promise = new Promise<R>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  resolveUnit(_index: number, value: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.#resolve(value as R);
  }

  rejectUnit(_index: number, error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.#reject(error);
  }
}

/** Many chunks, one ordered result array: `map`, `starmap` and their async forms. */
export class ChunkedCall<R> implements UnitOwner {
  settled = false;
  readonly promise: Promise<R[]>;
  readonly #results: R[];
  readonly #offsets: readonly number[];
  #remaining: number;
  #resolve!: (value: R[]) => void;
  #reject!: (error: unknown) => void;

  /** `offsets[i]` is where chunk `i`'s results start in the output. */
  constructor(length: number, offsets: readonly number[]) {
    this.#results = new Array<R>(length);
    this.#offsets = offsets;
    this.#remaining = offsets.length;
    this.promise = new Promise<R[]>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    if (this.#remaining === 0) this.resolveUnit(-1, []);
  }

  resolveUnit(index: number, value: unknown): void {
    if (this.settled) return;
    const chunk = value as R[];
    const offset = this.#offsets[index] ?? 0;
    for (let i = 0; i < chunk.length; i++) this.#results[offset + i] = chunk[i]!;
    if (--this.#remaining <= 0) {
      this.settled = true;
      this.#resolve(this.#results);
    }
  }

  rejectUnit(_index: number, error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.#reject(error);
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
