/**
 * The checks of `grad()`'s options, and the function that runs one derivative kernel per argnum
 * when `argnums` is an array.
 *
 * @module
 */
import { describe } from "./_arguments.ts";
import type { JitArguments, JitKernel, JitScalarFunction } from "./jit.ts";

/**
 * Options of `grad()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { grad } from "./grad.ts";
 * const options: GradOptions = { argnums: 1 };
 * const dfdc = grad((x: number, c: number) => c * c * x, options);
 * assert.deepEqual(dfdc(new Float64Array([1, 2]), 3), new Float64Array([6, 12]));
 * ```
 */
export interface GradOptions {
  /**
   * Which parameter to differentiate with respect to, by position (default 0); an array of
   * positions gives one derivative per position ({@linkcode JitGradients}).
   */
  argnums?: number | readonly number[];
}

/**
 * The kernels of `grad(fn, { argnums: [...] })`: called as a `jit()` kernel, it returns one
 * Float64Array per position in `argnums`, in that order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { grad } from "./grad.ts";
 * const both: JitGradients<(x: number, y: number) => number> = grad(
 *   (x: number, y: number) => x * y,
 *   { argnums: [0, 1] },
 * );
 * const [dx, dy] = both(new Float64Array([1, 2]), new Float64Array([3, 4]));
 * assert.deepEqual([dx, dy], [new Float64Array([3, 4]), new Float64Array([1, 2])]);
 * assert.deepEqual(both.argnums, [0, 1]);
 * ```
 */
export interface JitGradients<F extends JitScalarFunction> {
  /** The positions differentiated with respect to, in order. */
  readonly argnums: readonly number[];
  /** The parameters' names, in order. */
  readonly params: readonly string[];
  /** One derivative kernel per position in `argnums`. */
  readonly kernels: readonly JitKernel<F>[];
  /** Each derivative in a new Float64Array; numbers are broadcast. */
  (...args: JitArguments<Parameters<F>>): Float64Array[];
  /** Each derivative written into its Float64Array of `out` (one per argnum), `out` returned. */
  (...args: [...JitArguments<Parameters<F>>, out: Float64Array[]]): Float64Array[];
}

/**
 * The {@linkcode JitGradients} running `kernels` (one per argnum, in order) on the same arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jit } from "./jit.ts";
 * const kernels = [jit((x: number, y: number) => y), jit((x: number, y: number) => x)];
 * const both = gradients(kernels, [0, 1], ["x", "y"]);
 * assert.deepEqual(both(new Float64Array([2]), 3), [new Float64Array([3]), new Float64Array([2])]);
 * ```
 */
export function gradients<F extends JitScalarFunction>(
  kernels: readonly JitKernel<F>[],
  argnums: readonly number[],
  params: readonly string[],
): JitGradients<F> {
  const arity = params.length;
  const run = function gradients(...args: unknown[]): Float64Array[] {
    if (args.length !== arity + 1) {
      return kernels.map((kernel) => (kernel as (...a: unknown[]) => Float64Array)(...args));
    }
    const out = args[arity];
    if (!Array.isArray(out) || out.length !== kernels.length) {
      throw new TypeError(
        `grad() kernels: expected out to be an Array of ${kernels.length} Float64Arrays (one ` +
          `per argnum), received ${describe(out)}${Array.isArray(out) ? ` of ${out.length}` : ""}`,
      );
    }
    const inputs = args.slice(0, arity);
    return kernels.map((kernel, k) =>
      (kernel as (...a: unknown[]) => Float64Array)(...inputs, out[k])
    );
  };
  Object.defineProperties(run, {
    argnums: { value: Object.freeze([...argnums]), enumerable: true },
    params: { value: Object.freeze([...params]), enumerable: true },
    kernels: { value: Object.freeze([...kernels]), enumerable: true },
  });
  return Object.freeze(run) as unknown as JitGradients<F>;
}

/**
 * The argnums `options` ask for (default 0), checked: non-negative integers, distinct, at least
 * one; a TypeError saying what was received otherwise. Whether each is a parameter's position is
 * checked once the function is read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(checkOptions({}), 0);
 * assert.deepEqual(checkOptions({ argnums: [1, 0] }), [1, 0]);
 * assert.throws(() => checkOptions({ argnums: [1, 1] }), /distinct/);
 * ```
 */
export function checkOptions(options: unknown): number | readonly number[] {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`grad(): expected options to be an object, received ${describe(options)}`);
  }
  const extra = Object.keys(options).find((key) => key !== "argnums");
  if (extra !== undefined) {
    throw new TypeError(`grad(): unknown option '${extra}' (the only option is argnums)`);
  }
  const argnums = (options as GradOptions).argnums ?? 0;
  if (!Array.isArray(argnums)) return checkArgnum(argnums);
  if (argnums.length === 0) {
    throw new TypeError("grad(): expected argnums to list at least one position, received []");
  }
  const checked = argnums.map(checkArgnum);
  const twice = checked.find((k, i) => checked.indexOf(k) !== i);
  if (twice !== undefined) {
    throw new TypeError(`grad(): expected distinct argnums, received ${twice} twice`);
  }
  return checked;
}

function checkArgnum(argnum: unknown): number {
  if (typeof argnum === "number" && Number.isInteger(argnum) && argnum >= 0) return argnum;
  throw new TypeError(
    "grad(): expected argnums to be a non-negative integer or an array of them, received " +
      `${typeof argnum === "number" ? argnum : describe(argnum)}`,
  );
}
