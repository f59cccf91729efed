/**
 * The types a kernel is called with and returns: kept apart from the code that makes kernels,
 * so argument checks, code generation and the parallel runner can share them.
 *
 * @module
 */

/**
 * Values of a kernel's parameters, by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile } from "./compile.ts";
 * const line = compile("a * x + b", { params: ["a", "b"] });
 * const params: KernelParams = { a: 2, b: 1 };
 * assert.deepEqual(line(new Float64Array([0, 1, 2]), params), new Float64Array([1, 3, 5]));
 * ```
 */
export type KernelParams = Readonly<Record<string, number>>;

/**
 * Numeric typed arrays a kernel reads (BigInt arrays excluded).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile } from "./compile.ts";
 * const double = compile("2 * x");
 * const inputs: NumericArray[] = [new Int16Array([1, -2]), new Uint8Array([3, 4])];
 * assert.deepEqual(inputs.map((x) => Array.from(double(x))), [[2, -4], [6, 8]]);
 * ```
 */
export type NumericArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

/**
 * What a kernel of several variables is called with: one array per variable, then optionally
 * `out` (or `undefined`) and the params. Which of the arrays are inputs is told by the kernel's
 * number of `variables`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile } from "./compile.ts";
 * const args: KernelArguments = [new Float64Array([1]), new Float64Array([2]), { k: 10 }];
 * const kernel = compile("k * x + y", { variables: ["x", "y"], params: ["k"] });
 * assert.deepEqual(kernel(...args), new Float64Array([12]));
 * ```
 */
export type KernelArguments =
  | readonly NumericArray[]
  | readonly [...arrays: NumericArray[], params: KernelParams]
  | readonly [...arrays: NumericArray[], out: Float64Array | undefined, params: KernelParams];

/**
 * A compiled expression: call it on an array; it also tells what it was compiled from.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile } from "./compile.ts";
 * const kernel: Kernel = compile("sqrt(x) + c", { params: ["c"] });
 * assert.deepEqual([kernel.variable, kernel.variables, kernel.params], ["x", ["x"], ["c"]]);
 * const x = new Float64Array([4, 9]);
 * assert.deepEqual(kernel(x, { c: 1 }), new Float64Array([3, 4]));
 * kernel(x, x, { c: 0 }); // in place
 * assert.deepEqual(x, new Float64Array([2, 3]));
 * ```
 */
export interface Kernel {
  /** The expression over every element of `x`, in a new `Float64Array`. */
  (x: NumericArray, params?: KernelParams): Float64Array;
  /** Written into `out` (same length as `x`; may be `x` itself), which is returned. */
  (x: NumericArray, out: Float64Array | undefined, params?: KernelParams): Float64Array;
  /**
   * With several `variables`: one array per variable (equally long), in their order, then
   * optionally `out` (may be one of them) and `params`, as above.
   */
  (...args: KernelArguments): Float64Array;
  /** The expression as given to `compile()`. */
  readonly expression: string;
  /** The input element's name; the first one's with several variables. */
  readonly variable: string;
  /** Every input element's name, one array each, in the order the kernel takes them. */
  readonly variables: readonly string[];
  /** The parameters' names. */
  readonly params: readonly string[];
  /**
   * The generated JavaScript: the body of a function of `src` (one per variable, `src_<name>`,
   * with several), `dst` and `p_<param>`...
   */
  readonly source: string;
}

/**
 * What `runParallel` needs of a pool: its size and `apply`. A `Pool` has this shape;
 * the kernel kit asks only for the shape, so it does not depend on the pool.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../pool/pool.ts";
 * await using pool = new Pool({ processes: 1 });
 * const runner: KernelPool = pool;
 * assert.equal(await runner.apply((a: number) => a + 1, [1]), 2);
 * ```
 */
export interface KernelPool {
  /** How many workers run tasks at once: `x` is cut into this many blocks at most. */
  readonly processes: number;
  /** Runs `task(...args)` on a worker; `task` must be self-contained (it is sent as source). */
  apply<A extends unknown[], R>(task: (...args: A) => R, args: A): Promise<Awaited<R>>;
}
