/**
 * Python's `array` typecodes mapped to typed arrays. `'l'`/`'L'` are 32-bit here (the size
 * Python guarantees at least); use `'q'`/`'Q'` (bigint) for 64-bit integers.
 *
 * @module
 */

/**
 * A typecode as in Python's `array` module: the element type of a {@linkcode SharedValue} or
 * {@linkcode SharedArray}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SharedArray } from "./array.ts";
 * const typecode: Typecode = "h"; // signed 16-bit, as Python's array("h")
 * const samples = new SharedArray(typecode, [1, -2, 300]);
 * assert.ok(samples.array instanceof Int16Array);
 * assert.deepEqual(samples.toArray(), [1, -2, 300]);
 * ```
 */
export type Typecode = "b" | "B" | "h" | "H" | "i" | "I" | "l" | "L" | "q" | "Q" | "f" | "d";

/**
 * Typecodes whose values are bigints: `'q'` (signed) and `'Q'` (unsigned) 64-bit integers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SharedValue } from "./value.ts";
 * const typecode: BigTypecode = "q";
 * const bytesSeen = new SharedValue(typecode, 2n ** 40n);
 * bytesSeen.add(1n);
 * assert.equal(bytesSeen.value, 2n ** 40n + 1n);
 * ```
 */
export type BigTypecode = "q" | "Q";

/**
 * The JavaScript type of a value of `T`: bigint for `'q'`/`'Q'`, number otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SharedArray } from "./array.ts";
 * // The first element, typed as a bigint or a number as the typecode says.
 * function first<T extends Typecode>(cells: SharedArray<T>): ValueOf<T> {
 *   return cells.get(0);
 * }
 * const big: bigint = first(new SharedArray("Q", [7n]));
 * const small: number = first(new SharedArray("d", [0.5]));
 * assert.deepEqual([big, small], [7n, 0.5]);
 * ```
 */
export type ValueOf<T extends Typecode> = T extends BigTypecode ? bigint : number;

/**
 * Any typed array a typecode maps to, over a `SharedArrayBuffer`: the type of
 * {@linkcode SharedArray}'s live `array` view.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SharedArray } from "./array.ts";
 * function sizeInBytes(cells: SharedTypedArray): number {
 *   return cells.byteLength;
 * }
 * assert.equal(sizeInBytes(new SharedArray("f", 4).array), 16);
 * assert.equal(sizeInBytes(new SharedArray("q", 4).array), 32);
 * assert.ok(new SharedArray("d", 1).array.buffer instanceof SharedArrayBuffer);
 * ```
 */
export type SharedTypedArray =
  | Int8Array<SharedArrayBuffer>
  | Uint8Array<SharedArrayBuffer>
  | Int16Array<SharedArrayBuffer>
  | Uint16Array<SharedArrayBuffer>
  | Int32Array<SharedArrayBuffer>
  | Uint32Array<SharedArrayBuffer>
  | BigInt64Array<SharedArrayBuffer>
  | BigUint64Array<SharedArrayBuffer>
  | Float32Array<SharedArrayBuffer>
  | Float64Array<SharedArrayBuffer>;

interface TypedArrayMaker {
  readonly BYTES_PER_ELEMENT: number;
  new (buffer: SharedArrayBuffer): SharedTypedArray;
}

const MAKERS: Record<Typecode, TypedArrayMaker> = {
  b: Int8Array,
  B: Uint8Array,
  h: Int16Array,
  H: Uint16Array,
  i: Int32Array,
  I: Uint32Array,
  l: Int32Array,
  L: Uint32Array,
  q: BigInt64Array,
  Q: BigUint64Array,
  f: Float32Array,
  d: Float64Array,
} as unknown as Record<Typecode, TypedArrayMaker>;

/** Validates a typecode, with an error listing the valid ones. */
export function checkTypecode(typecode: unknown, where: string): Typecode {
  if (typeof typecode === "string" && Object.hasOwn(MAKERS, typecode)) {
    return typecode as Typecode;
  }
  throw new TypeError(
    `${where} expects a typecode, one of ${Object.keys(MAKERS).join(" ")}, received ` +
      (typeof typecode === "string" ? `"${typecode}"` : typeof typecode),
  );
}

/** Whether the typecode holds 64-bit integers, as bigint. */
export function isBig(typecode: Typecode): typecode is BigTypecode {
  return typecode === "q" || typecode === "Q";
}

/** Whether `typecode` holds integers (and so supports atomic operations). */
export function isInteger(typecode: Typecode): boolean {
  return typecode !== "f" && typecode !== "d";
}

/** New zeroed shared memory for `length` values of `typecode`. */
export function allocate(typecode: Typecode, length: number): SharedArrayBuffer {
  return new SharedArrayBuffer(length * MAKERS[typecode].BYTES_PER_ELEMENT);
}

/** A view of `buffer` as `typecode`'s typed array. */
export function view(typecode: Typecode, buffer: SharedArrayBuffer): SharedTypedArray {
  return new MAKERS[typecode](buffer);
}

/**
 * Checks that `value` fits `typecode`'s JavaScript type: a bigint for `'q'`/`'Q'`, an integer
 * number for the other integer typecodes (Python raises a TypeError for a float there, where a
 * typed array would silently drop the fraction), any number for `'f'`/`'d'`. Returns it.
 */
export function checkValue(typecode: Typecode, value: unknown, where: string): number | bigint {
  if (isBig(typecode)) {
    if (typeof value === "bigint") return value;
  } else if (typeof value === "number") {
    if (!isInteger(typecode) || Number.isInteger(value)) return value;
    throw new TypeError(
      `${where} expects an integer for typecode '${typecode}', received ${value}; ` +
        "round it first (Math.round, Math.trunc), or use typecode 'd'",
    );
  }
  throw new TypeError(
    `${where} expects a ${isBig(typecode) ? "bigint" : "number"} for typecode '${typecode}', ` +
      `received ${typeof value}`,
  );
}
