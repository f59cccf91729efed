/**
 * A kernel as callers see it, made from generated source: the checks of `x`, `out` and the
 * parameters around the generated loop. Kept apart from parsing, so a worker can rebuild a
 * kernel from its source without loading mathjs.
 *
 * @module
 */
import { checkInput, checkOut, paramValues } from "./_arguments.ts";
import type { Kernel, KernelParams } from "./types.ts";

/** What a kernel is made from: its expression, names, and the loop generated for them. */
export interface KernelSpec {
  readonly expression: string;
  readonly variable: string;
  readonly params: readonly string[];
  /** The generated body, a function of `src`, `dst` and `p_<param>`... */
  readonly source: string;
}

/**
 * The kernel for `spec`: the generated loop (`source`) behind argument checks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const source = "const n = src.length; for (let i = 0; i < n; i++) dst[i] = src[i] * p_k; return dst;";
 * const triple = kernelFromSource({ expression: "x * k", variable: "x", params: ["k"], source });
 * assert.deepEqual(triple(new Float64Array([1, 2]), { k: 3 }), new Float64Array([3, 6]));
 * ```
 */
export function kernelFromSource(spec: KernelSpec): Kernel {
  const { expression, variable, params, source: body } = spec;
  const parameterNames = ["src", "dst", ...params.map((name) => `p_${name}`)];
  // The body is generated text only: checked names behind fixed prefixes, literal numbers.
  const run = new Function(...parameterNames, body) as (...args: unknown[]) => Float64Array;
  const caller = `kernel ${
    JSON.stringify(expression.length > 60 ? `${expression.slice(0, 57)}...` : expression)
  }`;
  const plain = params.length === 0;
  const kernel = function kernel(x: unknown, second?: unknown, third?: unknown): Float64Array {
    // The common calls, kernel(x) and kernel(x, out) on Float64Arrays without params, skip the
    // general checks: on a 3-element array those cost more than the loop.
    if (plain && third === undefined && x instanceof Float64Array) {
      if (second === undefined) return run(x, new Float64Array(x.length));
      if (second instanceof Float64Array && second.length === x.length) return run(x, second);
    }
    const input = checkInput(x, caller);
    // kernel(x, params) or kernel(x, out, params): a plain object second is the params.
    const paramsSecond = typeof second === "object" && second !== null &&
      !ArrayBuffer.isView(second) && !Array.isArray(second);
    if (paramsSecond && third !== undefined) {
      throw new TypeError(
        `${caller}: expected (x, params) or (x, out, params), received an object as out`,
      );
    }
    const out = paramsSecond ? undefined : checkOut(second, input.length, caller);
    const values = paramValues((paramsSecond ? second : third) as KernelParams, params, caller);
    return run(input, out ?? new Float64Array(input.length), ...values);
  };
  Object.defineProperties(kernel, {
    expression: { value: expression, enumerable: true },
    variable: { value: variable, enumerable: true },
    params: { value: params, enumerable: true },
    source: { value: body, enumerable: true },
  });
  return Object.freeze(kernel) as unknown as Kernel;
}
