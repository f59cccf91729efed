/**
 * Checks of what a kernel is called with, shared by kernels and `runParallel()`. Messages start
 * with the caller (`kernel "x^2"`, `runParallel()`) and say what was expected and received.
 *
 * @module
 */
import type { KernelParams, NumericArray } from "./types.ts";

/**
 * Names a value's type for an error message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(describe([1]), "an Array");
 * assert.equal(describe(new Float32Array(1)), "a Float32Array");
 * assert.equal(describe(null), "null");
 * ```
 */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an Array";
  if (typeof value !== "object" && typeof value !== "function") return typeof value;
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name ? `a${/^[AEIOU]/.test(name) ? "n" : ""} ${name}` : "an object without prototype";
}

/**
 * `x` if it is a numeric typed array (BigInt arrays excluded), else a TypeError.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const x = new Int32Array(2);
 * assert.equal(checkInput(x, "kernel"), x);
 * assert.throws(() => checkInput([1, 2], "kernel"), /Float64Array.from\(x\)/);
 * ```
 */
export function checkInput(x: unknown, caller: string, name = "x"): NumericArray {
  if (
    ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) &&
    !(x instanceof BigUint64Array)
  ) return x as NumericArray;
  const advice = Array.isArray(x) ? ` (convert it with Float64Array.from(${name}))` : "";
  throw new TypeError(
    `${caller}: expected ${name} to be a Float64Array or another numeric typed array, ` +
      `received ${describe(x)}${advice}`,
  );
}

/**
 * Whether writing `out[i]` could change an element of `input` still to be read: they share
 * memory other than element for element (the same Float64Array positions). A kernel then
 * computes apart and copies, as numpy buffers such calls.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const memory = new Float64Array(4);
 * assert.equal(overlapsShifted(memory.subarray(1), memory.subarray(0, 3)), true);
 * assert.equal(overlapsShifted(memory, memory), false);
 * assert.equal(overlapsShifted(memory, new Float64Array(4)), false);
 * ```
 */
export function overlapsShifted(out: Float64Array, input: NumericArray): boolean {
  if (input.buffer !== out.buffer) return false;
  const sameElements = input instanceof Float64Array && input.byteOffset === out.byteOffset;
  const overlap = input.byteOffset < out.byteOffset + out.byteLength &&
    out.byteOffset < input.byteOffset + input.byteLength;
  return overlap && !sameElements;
}

/**
 * `out` if it is a Float64Array of `length` elements (or undefined), else a TypeError or
 * RangeError whose message says out must be as long as `like`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(checkOut(undefined, 3, "kernel"), undefined);
 * assert.throws(() => checkOut(new Float64Array(2), 3, "kernel"), RangeError);
 * ```
 */
export function checkOut(
  out: unknown,
  length: number,
  caller: string,
  like = "x",
): Float64Array | undefined {
  if (out === undefined) return undefined;
  if (!(out instanceof Float64Array)) {
    throw new TypeError(`${caller}: expected out to be a Float64Array, received ${describe(out)}`);
  }
  if (out.length !== length) {
    throw new RangeError(
      `${caller}: expected out of length ${length} (as ${like}), received length ${out.length}`,
    );
  }
  return out;
}

/**
 * The values of `names` in `given`, in order; a TypeError if one is missing or not a number, or
 * if `given` has a name not in `names` (a misspelt parameter).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(paramValues({ b: 2, a: 1 }, ["a", "b"], "kernel"), [1, 2]);
 * assert.throws(() => paramValues({ a: 1, c: 3 }, ["a"], "kernel"), /unknown param 'c'/);
 * ```
 */
export function paramValues(
  given: KernelParams | undefined,
  names: readonly string[],
  caller: string,
): number[] {
  const object: Record<string, unknown> = given ?? {};
  if (typeof object !== "object" || object === null) {
    throw new TypeError(`${caller}: expected params to be an object, received ${describe(given)}`);
  }
  const extra = Object.keys(object).find((name) => !names.includes(name));
  const missing = names.find((name) => typeof object[name] !== "number");
  if (extra !== undefined || missing !== undefined) {
    const expected = names.length === 0 ? "no params" : `params { ${names.join(", ")} } as numbers`;
    const problem = extra !== undefined
      ? `unknown param '${extra}'`
      : `param '${missing}' is ${describe(object[missing!])}`;
    throw new TypeError(`${caller}: expected ${expected}, received ${problem}`);
  }
  return names.map((name) => object[name] as number);
}
