/**
 * A `jit()` kernel as callers see it: the checks of its arguments (arrays or broadcast numbers,
 * one length, an optional `out`) around loops generated for each pattern of arrays and numbers.
 *
 * @module
 */
import { describe, overlapsShifted } from "./_arguments.ts";
import { elementCode } from "./_jit_codegen.ts";
import { type JitReduction, loopSource } from "./_jit_loops.ts";
import { parseFunctionSource } from "./_js_parser.ts";
import type { NumericArray } from "./types.ts";

/** A kernel of either kind, before `jit()` gives it its precise type. */
export interface BuiltKernel {
  (...args: unknown[]): Float64Array | number;
  readonly source: string;
  readonly params: readonly string[];
  readonly reduce: JitReduction | null;
}

type Loop = (...args: unknown[]) => Float64Array | number;

/**
 * The kernel of the function whose source is `source`: parsed, checked and generated now, its
 * loops compiled on first use of each argument pattern.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const add = buildKernel("(x, y) => x + y", null);
 * assert.deepEqual(add(new Float64Array([1, 2]), 1), new Float64Array([2, 3]));
 * assert.equal(buildKernel("(x) => x", "max")(new Float64Array([1, 3])), 3);
 * ```
 */
export function buildKernel(
  source: string,
  reduce: JitReduction | null,
): BuiltKernel {
  const code = elementCode(source, parseFunctionSource(source));
  const { params } = code;
  const arity = params.length;
  const caller = `jit kernel ${
    JSON.stringify(source.length > 60 ? `${source.slice(0, 57)}...` : source)
  }`;
  const names = [...params.map((name) => `a_${name}`), "out", "n"];
  // One loop per pattern of arrays and numbers, generated when first called with it.
  const loops = new Map<string, Loop>();
  const loopFor = (pattern: string): Loop => {
    let loop = loops.get(pattern);
    if (loop === undefined) {
      // The body is generated text only: renamed, checked names, Math members, number literals.
      loop = new Function(...names, loopSource(code, pattern, reduce)) as Loop;
      loops.set(pattern, loop);
    }
    return loop;
  };
  const kernel = function kernel(...args: unknown[]): Float64Array | number {
    const withOut = reduce === null && args.length === arity + 1;
    if (args.length !== arity && !withOut) {
      throw new TypeError(
        `${caller}: expected ${arity} argument${arity === 1 ? "" : "s"} (${params.join(", ")})` +
          `${reduce === null ? " and an optional out" : ""}, received ${args.length}`,
      );
    }
    let pattern = "";
    let n = -1;
    for (let k = 0; k < arity; k++) {
      const value = args[k];
      if (typeof value === "number") {
        pattern += "s";
        continue;
      }
      checkArray(value, params[k]!, caller);
      pattern += "a";
      if (n === -1) n = value.length;
      else if (value.length !== n) {
        throw new RangeError(
          `${caller}: expected arrays of one length, received ${params[pattern.indexOf("a")]} of ` +
            `length ${n} and ${params[k]} of length ${value.length} (numbers are broadcast; ` +
            "arrays are not)",
        );
      }
    }
    if (n === -1) {
      throw new TypeError(
        `${caller}: expected at least one array among (${params.join(", ")}), received only ` +
          "numbers (call the function itself for one value)",
      );
    }
    const inputs = args.slice(0, arity);
    if (reduce !== null) {
      if (n === 0 && (reduce === "min" || reduce === "max")) {
        throw new RangeError(
          `${caller}: zero-size array to reduction operation ${
            reduce === "min" ? "minimum" : "maximum"
          } ` +
            "which has no identity (expected at least one element, received none)",
        );
      }
      return loopFor(pattern)(...inputs, undefined, n);
    }
    const out = withOut && args[arity] !== undefined ? checkOut(args[arity], n, caller) : undefined;
    if (out === undefined) return loopFor(pattern)(...inputs, new Float64Array(n), n);
    // Writing element i may overwrite an input's element j > i when out overlaps it elsewhere
    // than element for element (as numpy, which buffers then): compute apart, then copy.
    const arrays = inputs.filter((input): input is NumericArray => typeof input !== "number");
    if (arrays.some((input) => overlapsShifted(out, input))) {
      return out.set(loopFor(pattern)(...inputs, new Float64Array(n), n) as Float64Array), out;
    }
    return loopFor(pattern)(...inputs, out, n);
  };
  Object.defineProperties(kernel, {
    source: { value: source, enumerable: true },
    params: { value: Object.freeze([...params]), enumerable: true },
    reduce: { value: reduce, enumerable: true },
  });
  return Object.freeze(kernel) as BuiltKernel;
}

function checkArray(value: unknown, name: string, caller: string): asserts value is NumericArray {
  if (
    ArrayBuffer.isView(value) && !(value instanceof DataView) &&
    !(value instanceof BigInt64Array) &&
    !(value instanceof BigUint64Array)
  ) return;
  const advice = Array.isArray(value) ? ` (convert it with Float64Array.from(${name}))` : "";
  throw new TypeError(
    `${caller}: expected ${name} to be a number or a numeric typed array, received ` +
      `${describe(value)}${advice}`,
  );
}

function checkOut(out: unknown, n: number, caller: string): Float64Array {
  if (!(out instanceof Float64Array)) {
    throw new TypeError(`${caller}: expected out to be a Float64Array, received ${describe(out)}`);
  }
  if (out.length !== n) {
    throw new RangeError(
      `${caller}: expected out of length ${n} (as the arrays), received length ${out.length}`,
    );
  }
  return out;
}
