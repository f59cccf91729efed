/**
 * Checks of what {@linkcode runParallel} is called with for a `jit()` kernel: the kernel's
 * arguments as one array, its options, and whether `out` overlaps an input. Messages start with
 * the caller and say what was expected, what was received and what to do, as the kernel's own.
 *
 * @module
 */
import { describe } from "./_arguments.ts";
import type { JitReduction } from "./_jit_loops.ts";
import { checkSharedOut } from "./_shared_arrays.ts";
import type { NumericArray } from "./types.ts";

/** The checked arguments: one typed array or number per parameter, and the arrays' length. */
export interface CheckedArguments {
  readonly values: readonly (NumericArray | number)[];
  readonly n: number;
}

function isNumericArray(value: unknown): value is NumericArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) &&
    !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array);
}

/**
 * `args` if it is an array of one numeric typed array or number per name in `params`, with at
 * least one array and all arrays of one length; a TypeError (RangeError for the lengths, or for
 * no elements to take the `min`/`max` of) otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const x = new Float64Array(3);
 * assert.equal(checkJitArguments([x, 2], ["x", "c"], null, "runParallel()").n, 3);
 * assert.throws(() => checkJitArguments(x, ["x"], null, "runParallel()"), /as an array \[x\]/);
 * ```
 */
export function checkJitArguments(
  args: unknown,
  params: readonly string[],
  reduce: JitReduction | null,
  caller: string,
): CheckedArguments {
  const expected = `[${params.join(", ")}]`;
  if (!Array.isArray(args)) {
    throw new TypeError(
      `${caller}: expected the kernel's arguments as an array ${expected} (one typed array or ` +
        `number per parameter), received ${describe(args)}`,
    );
  }
  if (args.length !== params.length) {
    throw new TypeError(
      `${caller}: expected ${params.length} argument${params.length === 1 ? "" : "s"} ` +
        `${expected} for the kernel, received ${args.length}`,
    );
  }
  let n = -1;
  let first = "";
  args.forEach((value: unknown, k) => {
    if (typeof value === "number") return;
    const name = params[k]!;
    if (!isNumericArray(value)) {
      const advice = Array.isArray(value) ? ` (convert it with Float64Array.from(${name}))` : "";
      throw new TypeError(
        `${caller}: expected ${name} to be a number or a numeric typed array, received ` +
          `${describe(value)}${advice}`,
      );
    }
    if (n === -1) [n, first] = [value.length, name];
    else if (value.length !== n) {
      throw new RangeError(
        `${caller}: expected arrays of one length, received ${first} of length ${n} and ` +
          `${name} of length ${value.length} (numbers are broadcast; arrays are not)`,
      );
    }
  });
  if (n === -1) {
    throw new TypeError(
      `${caller}: expected at least one array among ${expected}, received only numbers (call ` +
        "the function itself for one value)",
    );
  }
  if (n === 0 && (reduce === "min" || reduce === "max")) {
    throw new RangeError(
      `${caller}: zero-size array to reduction operation ` +
        `${reduce === "min" ? "minimum" : "maximum"} which has no identity (expected at least ` +
        "one element, received none)",
    );
  }
  return { values: args as (NumericArray | number)[], n };
}

/**
 * The `out` of `options` (checked to be a shared Float64Array of `n` elements), or undefined; a
 * TypeError for anything but `{ out }`, and for `out` with a reducing kernel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(checkJitOptions(undefined, null, 3, "runParallel()"), undefined);
 * assert.throws(() => checkJitOptions({ params: {} }, null, 3, "runParallel()"), /no params/);
 * ```
 */
export function checkJitOptions(
  options: unknown,
  reduce: JitReduction | null,
  n: number,
  caller: string,
): Float64Array | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(
      `${caller}: expected options to be an object, received ${describe(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (key === "params") {
      throw new TypeError(
        `${caller}: a jit() kernel takes no params: pass each number as its argument, in the ` +
          "array of arguments (numbers are broadcast to every element)",
      );
    }
    if (key !== "out") {
      throw new TypeError(`${caller}: unknown option '${key}' (a jit() kernel takes only out)`);
    }
  }
  const { out } = options as { out?: unknown };
  if (out === undefined) return undefined;
  if (reduce !== null) {
    throw new TypeError(
      `${caller}: expected no out for a kernel with reduce "${reduce}" (it returns a number), ` +
        `received ${describe(out)}`,
    );
  }
  return checkSharedOut(out, n, caller, "the arrays");
}

/**
 * Whether `out` shares memory with the array `input` other than element for element (the same
 * Float64Array positions), so that writing `out[i]` could change an element still to be read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const memory = new Float64Array(4);
 * assert.equal(overlapsShifted(memory, memory), false);
 * assert.equal(overlapsShifted(memory.subarray(1), memory.subarray(0, 3)), true);
 * assert.equal(overlapsShifted(memory, 2), false);
 * ```
 */
export function overlapsShifted(out: Float64Array, input: NumericArray | number): boolean {
  if (typeof input === "number" || input.buffer !== out.buffer) return false;
  const sameElements = input instanceof Float64Array && input.byteOffset === out.byteOffset;
  const overlap = input.byteOffset < out.byteOffset + out.byteLength &&
    out.byteOffset < input.byteOffset + input.byteLength;
  return overlap && !sameElements;
}
