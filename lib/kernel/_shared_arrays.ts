/**
 * Shared memory for {@linkcode runParallel}: workers read and write only arrays over a
 * `SharedArrayBuffer`, so private inputs are copied into one and `out` must already be one.
 *
 * @module
 */
import { describe } from "./_arguments.ts";
import type { NumericArray } from "./types.ts";

/**
 * A new Float64Array of `length` zeros over a SharedArrayBuffer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(sharedFloat64(3).buffer instanceof SharedArrayBuffer);
 * ```
 */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

/**
 * `x` itself if it is over a SharedArrayBuffer, else a copy of it there, of the same type (so
 * the same values, and no more memory than `x`). `copies` remembers copies already made, so an
 * array passed twice is copied once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const copy = sharedCopy(new Int16Array([1, -2]));
 * assert.ok(copy instanceof Int16Array && copy.buffer instanceof SharedArrayBuffer);
 * assert.equal(sharedCopy(copy), copy);
 * ```
 */
export function sharedCopy(
  x: NumericArray,
  copies: Map<NumericArray, NumericArray> = new Map(),
): NumericArray {
  if (x.buffer instanceof SharedArrayBuffer) return x;
  let copy = copies.get(x);
  if (copy === undefined) {
    const Type = x.constructor as new (buffer: SharedArrayBuffer) => NumericArray;
    copy = new Type(new SharedArrayBuffer(x.byteLength));
    (copy as Float64Array).set(x);
    copies.set(x, copy);
  }
  return copy;
}

/**
 * `out` if it is a Float64Array of `length` elements over a SharedArrayBuffer, else a TypeError
 * (RangeError for the length) whose message starts with `caller`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const out = sharedFloat64(2);
 * assert.equal(checkSharedOut(out, 2, "runParallel()", "x"), out);
 * assert.throws(() => checkSharedOut(new Float64Array(2), 2, "runParallel()", "x"), TypeError);
 * ```
 */
export function checkSharedOut(
  out: unknown,
  length: number,
  caller: string,
  lengthOf: string,
): Float64Array {
  if (!(out instanceof Float64Array)) {
    throw new TypeError(`${caller}: expected out to be a Float64Array, received ${describe(out)}`);
  }
  if (out.length !== length) {
    throw new RangeError(
      `${caller}: expected out of length ${length} (as ${lengthOf}), received length ${out.length}`,
    );
  }
  if (!(out.buffer instanceof SharedArrayBuffer)) {
    throw new TypeError(
      `${caller}: expected out to be a Float64Array over a SharedArrayBuffer (workers ` +
        "cannot write into private memory), received one over a private ArrayBuffer",
    );
  }
  return out;
}
