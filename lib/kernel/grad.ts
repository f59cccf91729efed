/**
 * `grad()`: jax's `grad` for a scalar TypeScript function, applied to every element. mathjs's
 * `derivative` differentiates the function symbolically; the derivative, written back as a
 * JavaScript arrow function, becomes a `jit()` kernel: one fused loop over typed arrays.
 *
 * @module
 */
import { functionSource } from "./_function_source.ts";
import { checkOptions, gradients, type GradOptions, type JitGradients } from "./_grad_arguments.ts";
import { javascriptOf } from "./_grad_emit.ts";
import { mathjsText } from "./_grad_translate.ts";
import { elementCode } from "./_jit_codegen.ts";
import { buildKernel } from "./_jit_kernel.ts";
import { parseFunctionSource } from "./_js_parser.ts";
import { mathjsDerivative, mathjsParse } from "./_mathjs.ts";
import type { JitKernel, JitScalarFunction } from "./jit.ts";

export type { GradOptions, JitGradients } from "./_grad_arguments.ts";

const MAX_CACHED = 1024;
const cache = new Map<string, JitKernel<JitScalarFunction>>();

/**
 * The derivative of the scalar function `fn` with respect to its parameter `argnums` (default
 * 0), as a `jit()` kernel: pass one typed array or number per parameter of `fn` (numbers are
 * broadcast) and optionally a Float64Array `out`; element `i` is `∂fn/∂x` at `(x[i], ...)`. This
 * is `jax.vmap(jax.grad(fn, argnums))`: jax's `grad` takes one point, this takes arrays of them.
 * With `argnums` an array, one derivative per position ({@linkcode JitGradients}).
 *
 * `fn` is what `jit()` accepts, restricted to what has a derivative: numbers, parameters,
 * `+ - * / **`, unary `-` and `+`, `const` locals, Math's constants and `Math.sin cos tan asin
 * acos atan sinh cosh tanh asinh acosh atanh exp log log10 log2 sqrt abs pow`. The derivative is
 * symbolic (mathjs's `derivative`, unsimplified: its simplification assumes exact arithmetic)
 * and computed in float64 as written, so it can differ from the hand-written formula in the last
 * bits, and is NaN or infinite where its formula is (`Math.sqrt` at 0 gives Infinity; the
 * derivative of `Math.abs` is `Math.sign`, 0 at 0, as jax's).
 *
 * mathjs is loaded on the first `grad()` (about 0.5 s), never at import; in a worker, `await
 * loadCompiler()` first. The kernel itself needs neither mathjs nor anything but the loop.
 *
 * @throws {KernelError} If `fn` has something without a derivative (a comparison, `?:`, `&&`,
 * `||`, `!`, `%`, `Math.floor`, `Math.max`...), or anything `jit()` refuses; the message shows
 * the line with a caret under it.
 * @throws {TypeError} If `fn` is not a function or `options` is invalid.
 * @throws {RangeError} If an argnum is not a position of `fn`'s parameters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const df = grad((x: number) => Math.sin(x) * x ** 2);
 * const x = new Float64Array([0, 1, 2]);
 * const expected = x.map((v) => Math.cos(v) * v * v + 2 * v * Math.sin(v));
 * df(x).forEach((value, i) => assert.ok(Math.abs(value - expected[i]!) < 1e-12));
 * assert.equal(df.source, "(x) => ((Math.cos(x) * (x ** 2)) + (Math.sin(x) * (2 * x)))");
 * ```
 */
export function grad<F extends JitScalarFunction>(
  fn: F,
  options: GradOptions & { argnums: readonly number[] },
): JitGradients<F>;
/**
 * The derivative of `fn` with respect to its parameter `argnums` (default 0), as a `jit()`
 * kernel. See the other overload.
 *
 * @throws {KernelError} If `fn` has something without a derivative.
 * @throws {TypeError} If `fn` is not a function or `options` is invalid.
 * @throws {RangeError} If `argnums` is not a position of `fn`'s parameters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const slope = grad((x: number, c: number) => c * x ** 3, { argnums: 0 });
 * assert.deepEqual(slope(new Float64Array([1, 2]), 2), new Float64Array([6, 24]));
 * ```
 */
export function grad<F extends JitScalarFunction>(
  fn: F,
  options?: GradOptions & { argnums?: number },
): JitKernel<F>;
/**
 * The derivatives of `fn`: one kernel when `options.argnums` is a number (or absent), a
 * {@linkcode JitGradients} when it is an array. See the first overload.
 *
 * @throws {KernelError} If `fn` has something without a derivative.
 * @throws {TypeError} If `fn` is not a function or `options` is invalid.
 * @throws {RangeError} If an argnum is not a position of `fn`'s parameters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const options: GradOptions = { argnums: [1] };
 * const result = grad((x: number, y: number) => x * y, options)(new Float64Array([2]), 3);
 * assert.deepEqual(result, [new Float64Array([2])]);
 * ```
 */
export function grad<F extends JitScalarFunction>(
  fn: F,
  options: GradOptions,
): JitKernel<F> | JitGradients<F>;
export function grad<F extends JitScalarFunction>(
  fn: F,
  options: GradOptions = {},
): JitKernel<F> | JitGradients<F> {
  const source = functionSource(fn, "grad()");
  const argnums = checkOptions(options);
  const positions: readonly number[] = Array.isArray(argnums) ? argnums : [argnums as number];
  // Kernels are kept by argnum and source, so a later grad(f) neither parses nor differentiates.
  let kernels = positions.map((k) => cache.get(`${k}\0${source}`));
  if (kernels.some((kernel) => kernel === undefined)) kernels = derivatives(source, positions);
  const found = kernels as JitKernel<F>[];
  if (!Array.isArray(argnums)) return found[0]!;
  return gradients(found, positions, found[0]!.params);
}

/** The derivative kernels of the function `source` for `positions`, made and cached now. */
function derivatives(
  source: string,
  positions: readonly number[],
): JitKernel<JitScalarFunction>[] {
  const root = parseFunctionSource(source, "grad()");
  // jit()'s checks first: a free variable or a loop is refused as jit() refuses it.
  const { params } = elementCode(source, root, "grad()");
  for (const argnum of positions) {
    if (argnum >= params.length) {
      throw new RangeError(
        `grad(): expected argnums within the ${params.length} parameter` +
          `${params.length === 1 ? "" : "s"} of the function (${params.join(", ")}), ` +
          `received ${argnum}`,
      );
    }
  }
  return positions.map((k) => derivativeKernel(source, root, params, k));
}

function derivativeKernel(
  source: string,
  root: Parameters<typeof mathjsText>[1],
  params: readonly string[],
  argnum: number,
): JitKernel<JitScalarFunction> {
  const key = `${argnum}\0${source}`;
  let kernel = cache.get(key);
  if (kernel === undefined) {
    const text = mathjsText(source, root);
    const derivative = mathjsDerivative()(mathjsParse("grad()")(text), `p${argnum}`, {
      simplify: false,
    });
    const js = `(${params.join(", ")}) => ${javascriptOf(derivative, params)}`;
    kernel = buildKernel(js, null) as unknown as JitKernel<JitScalarFunction>;
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, kernel);
  }
  return kernel;
}
