/**
 * Operand types and numpy's broadcasting rule for 1-D arrays, shared by the elementwise
 * functions. Private to `lib/array/`.
 *
 * @module
 */

/**
 * A 1-D array input: a `Float64Array`, another numeric typed array, or an array of numbers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mean } from "./reduce.ts";
 * const inputs: ArrayInput[] = [[1, 2, 3], new Float64Array([1, 2, 3]), new Int8Array([1, 2, 3])];
 * assert.deepEqual(inputs.map((x) => mean(x)), [2, 2, 2]);
 * ```
 */
export type ArrayInput = ArrayLike<number>;

/**
 * An operand of an elementwise function: an array, or a number used for every element.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { add, multiply } from "./elementwise.ts";
 * const scale: Operand = 2;
 * const values: Operand = [1, 2, 3];
 * assert.deepEqual(add(multiply(values, scale), 1), new Float64Array([3, 5, 7]));
 * ```
 */
export type Operand = number | ArrayInput;

/** numpy's notation for an operand's shape in messages: `()` for a number, `(n,)` for an array. */
function shapeOf(x: Operand | undefined): string {
  return typeof x === "number" ? "()" : `(${x?.length},)`;
}

function shapes(a: Operand, b: Operand | undefined, c: Operand | undefined): string {
  let text = shapeOf(a);
  if (b !== undefined) text += ` ${shapeOf(b)}`;
  if (c !== undefined) text += ` ${shapeOf(c)}`;
  return text;
}

/** x's length, or a TypeError saying that `what` should be `expected` when x is no array. */
export function arrayLength(
  fn: string,
  what: string,
  x: unknown,
  expected: string = "an array of numbers",
): number {
  if (typeof x === "object" && x !== null) {
    const length = (x as { length?: unknown }).length;
    if (typeof length === "number") return length;
  }
  throw new TypeError(`${fn}: expected ${what} to be ${expected}, received ${describe(x)}`);
}

/** A short description of a received value for error messages. */
export function describe(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === "object") return x.constructor?.name ?? "an object";
  return typeof x === "string" ? `the string "${x}"` : `${typeof x} ${String(x)}`;
}

// -1 stands for "stretches to any length": a number or a length-1 array.
function stretchLength(fn: string, what: string, x: Operand): number {
  if (typeof x === "number") return -1;
  const length = arrayLength(fn, what, x, "a number or an array of numbers");
  return length === 1 ? -1 : length;
}

/**
 * The length of an elementwise result, by numpy's broadcasting of 1-D shapes: arrays must have
 * one common length, except that numbers and length-1 arrays stretch to it. `out`, when given,
 * must have that length (or any length when every operand stretches); without `out` and with
 * only stretching operands the result has length 1. `b` is absent for `polyval`'s single operand,
 * `c` present only for `where`'s third one.
 */
export function broadcastLength(
  fn: string,
  a: Operand,
  b: Operand | undefined,
  c: Operand | undefined,
  out: ArrayLike<number> | undefined,
): number {
  const la = stretchLength(fn, "the first operand", a);
  const lb = b === undefined ? -1 : stretchLength(fn, "the second operand", b);
  const lc = c === undefined ? -1 : stretchLength(fn, "the third operand", c);
  let n = la;
  if (n === -1) n = lb;
  else if (lb !== -1 && lb !== n) n = -2;
  if (n === -1) n = lc;
  else if (lc !== -1 && lc !== n) n = -2;
  if (n === -2) {
    throw new RangeError(
      `${fn}: operands could not be broadcast together with shapes ${shapes(a, b, c)}` +
        " (expected equal lengths, or numbers and length-1 arrays)",
    );
  }
  if (out === undefined) return n === -1 ? 1 : n;
  if (n !== -1 && out.length !== n) {
    throw new RangeError(
      `${fn}: expected out to have length ${n} (the broadcast of shapes ${shapes(a, b, c)}),` +
        ` received length ${out.length}`,
    );
  }
  return out.length;
}

/** A length-1 array as its single number (read before `out` is written, so aliasing is safe). */
export function stretch(x: Operand): Operand {
  return typeof x !== "number" && x.length === 1 ? x[0]! : x;
}

/** `out` when it is a Float64Array of length n, else a new one; a TypeError for another type. */
export function floatResult(fn: string, out: Float64Array | undefined, n: number): Float64Array {
  if (out === undefined) return new Float64Array(n);
  if (out instanceof Float64Array) return out;
  throw new TypeError(`${fn}: expected out to be a Float64Array, received ${describe(out)}`);
}

/** `out` when it is a Uint8Array of length n, else a new one; a TypeError for another type. */
export function maskResult(fn: string, out: Uint8Array | undefined, n: number): Uint8Array {
  if (out === undefined) return new Uint8Array(n);
  if (out instanceof Uint8Array) return out;
  throw new TypeError(`${fn}: expected out to be a Uint8Array, received ${describe(out)}`);
}

/** The length of a unary function's result: the input's, which `out` must match. */
export function unaryLength(fn: string, x: ArrayInput, out: ArrayLike<number> | undefined): number {
  const n = arrayLength(fn, "x", x);
  if (out !== undefined && out.length !== n) {
    throw new RangeError(
      `${fn}: expected out to have length ${n} (as x), received length ${out.length}`,
    );
  }
  return n;
}
