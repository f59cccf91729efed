/**
 * A kernel as callers see it, made from generated source: the checks of the arrays, `out` and
 * the parameters around the generated loop. Kept apart from parsing, so a worker can rebuild a
 * kernel from its source without loading mathjs.
 *
 * @module
 */
import { checkInput, checkOut, overlapsShifted, paramValues } from "./_arguments.ts";
import type { Kernel, KernelParams, NumericArray } from "./types.ts";

/** What a kernel is made from: its expression, names, and the loop generated for them. */
export interface KernelSpec {
  readonly expression: string;
  /** The (first) input element's name. */
  readonly variable: string;
  /** Every input element's name, one array each, when there are several; absent: `[variable]`. */
  readonly variables?: readonly string[];
  readonly params: readonly string[];
  /** The generated body, a function of `src` (or `src_<variable>`...), `dst`, `p_<param>`... */
  readonly source: string;
}

/**
 * The names the generated function gives its input arrays: `src` for one variable (as kernels
 * always had, so their source is unchanged), `src_<variable>` for several.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(sourceArrays(["t"]), ["src"]);
 * assert.deepEqual(sourceArrays(["x", "y"]), ["src_x", "src_y"]);
 * ```
 */
export function sourceArrays(variables: readonly string[]): string[] {
  return variables.length === 1 ? ["src"] : variables.map((name) => `src_${name}`);
}

type Run = (...args: unknown[]) => Float64Array;

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
  const variables = Object.freeze([...(spec.variables ?? [variable])]);
  if (variables[0] !== variable) {
    throw new TypeError(
      `kernelFromSource(): expected variable to be the first of variables, received ` +
        `'${variable}' and [${variables.join(", ")}]`,
    );
  }
  const parameterNames = [...sourceArrays(variables), "dst", ...params.map((name) => `p_${name}`)];
  // The body is generated text only: checked names behind fixed prefixes, literal numbers.
  const run = new Function(...parameterNames, body) as Run;
  const caller = `kernel ${
    JSON.stringify(expression.length > 60 ? `${expression.slice(0, 57)}...` : expression)
  }`;
  const kernel = variables.length === 1
    ? oneArrayKernel(run, params, caller)
    : arraysKernel(run, variables, params, caller);
  Object.defineProperties(kernel, {
    expression: { value: expression, enumerable: true },
    variable: { value: variable, enumerable: true },
    variables: { value: variables, enumerable: true },
    params: { value: params, enumerable: true },
    source: { value: body, enumerable: true },
  });
  return Object.freeze(kernel) as unknown as Kernel;
}

function oneArrayKernel(run: Run, params: readonly string[], caller: string): Run {
  const plain = params.length === 0;
  return function kernel(x: unknown, second?: unknown, third?: unknown): Float64Array {
    // The common calls, kernel(x) and kernel(x, out) on Float64Arrays without params, skip the
    // general checks: on a 3-element array those cost more than the loop.
    if (plain && third === undefined && x instanceof Float64Array) {
      if (second === undefined) return run(x, new Float64Array(x.length));
      if (
        second instanceof Float64Array && second.length === x.length &&
        (second.buffer !== x.buffer || second.byteOffset === x.byteOffset)
      ) return run(x, second);
    }
    const input = checkInput(x, caller);
    const [out, values] = outAndParams(second, third, input.length, params, caller, "x");
    return runInto(run, [input], out, values);
  };
}

function arraysKernel(
  run: Run,
  variables: readonly string[],
  params: readonly string[],
  caller: string,
): Run {
  const arity = variables.length;
  const expected = `one array per variable (${variables.join(", ")}), then optionally out and ` +
    "params";
  return function kernel(...args: unknown[]): Float64Array {
    if (args.length > arity + 2) {
      throw new TypeError(`${caller}: expected ${expected}, received ${args.length} arguments`);
    }
    const inputs: NumericArray[] = [];
    for (let k = 0; k < arity; k++) {
      const input = checkInput(args[k], caller, variables[k]);
      if (k > 0 && input.length !== inputs[0]!.length) {
        throw new RangeError(
          `${caller}: expected arrays of one length, received ${variables[0]} of length ` +
            `${inputs[0]!.length} and ${variables[k]} of length ${input.length}`,
        );
      }
      inputs.push(input);
    }
    const n = inputs[0]!.length;
    const [out, values] = outAndParams(
      args[arity],
      args[arity + 1],
      n,
      params,
      caller,
      variables[0]!,
    );
    return runInto(run, inputs, out, values);
  };
}

/** `(out?, params?)` or `(params)` after the arrays, checked. */
function outAndParams(
  second: unknown,
  third: unknown,
  length: number,
  params: readonly string[],
  caller: string,
  like: string,
): [Float64Array | undefined, number[]] {
  // kernel(x, params) or kernel(x, out, params): a plain object second is the params.
  const paramsSecond = typeof second === "object" && second !== null &&
    !ArrayBuffer.isView(second) && !Array.isArray(second);
  if (paramsSecond && third !== undefined) {
    throw new TypeError(
      `${caller}: expected (arrays, params) or (arrays, out, params), received an object as out`,
    );
  }
  const out = paramsSecond ? undefined : checkOut(second, length, caller, like);
  const values = paramValues((paramsSecond ? second : third) as KernelParams, params, caller);
  return [out, values];
}

/** The loop over `inputs` into `out` (a new array if undefined), apart if `out` overlaps one. */
function runInto(
  run: Run,
  inputs: readonly NumericArray[],
  out: Float64Array | undefined,
  values: readonly number[],
): Float64Array {
  const n = inputs[0]!.length;
  if (out === undefined) return run(...inputs, new Float64Array(n), ...values);
  // Writing element i could overwrite an input element j > i still to be read: compute apart.
  if (inputs.some((input) => overlapsShifted(out, input))) {
    out.set(run(...inputs, new Float64Array(n), ...values));
    return out;
  }
  return run(...inputs, out, ...values);
}
