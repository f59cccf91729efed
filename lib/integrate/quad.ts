/**
 * `quad`: scipy.integrate.quad for Deno — adaptive Gauss–Kronrod integration with Wynn
 * extrapolation (QUADPACK's QAGS for finite ranges, QAGI for infinite ones; Piessens et al.,
 * 1983), and `quadAsync`, the same computation with the integrand evaluated in batches.
 *
 * @module
 */

import { bindIntegrand, checkQuadArgs, type QuadOptions, storeBatch } from "./quad_options.ts";
import type { QuadResult } from "./quad_result.ts";
import { QuadRun } from "./quad_run.ts";

export type { QuadOptions } from "./quad_options.ts";
export type { QuadResult } from "./quad_result.ts";

/**
 * An integrand for {@linkcode quadAsync}: f at every node of `xs` at once (in order), e.g.
 * computed by a Pool. `xs` is a fresh array each call, so it may be kept or transferred.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const square: QuadBatchFunction<[]> = (xs) => Promise.resolve(xs.map((x) => x * x));
 * assert.ok(Math.abs((await quadAsync(square, 0, 3)).value - 9) < 1e-12);
 * ```
 */
export type QuadBatchFunction<A extends readonly unknown[] = readonly unknown[]> = (
  xs: Float64Array,
  ...args: A
) => Promise<ArrayLike<number>> | ArrayLike<number>;

/**
 * ∫ f(x, ...args) dx from a to b, like `scipy.integrate.quad`. Finite ranges use the 21-point
 * Gauss–Kronrod rule, infinite ones (a = -Infinity and/or b = Infinity) the 15-point rule on
 * QUADPACK's map x = a + (1 - t)/t of t ∈ (0, 1]; in both, the subinterval with the largest
 * error is bisected and the sums are extrapolated with Wynn's epsilon algorithm, until the
 * error estimate is at most max(epsabs, epsrel·|value|) or `limit` subintervals are used.
 *
 * If f was negligible at every node (the estimate of ∫|f| is at most epsabs), a probe scans
 * 8192 points per side (16385 for (-∞, ∞); see `quad_probe.ts`) for a feature the rule missed,
 * such as a narrow peak far out. If it finds one, it narrows a bracket around it by bisection,
 * splits the range there and integrates the (up to three) pieces; if f was 0 everywhere it
 * looked, `ier` is 3 and the message says the 0 is unconfirmed. All of it counts in `neval`.
 * A peak narrower than the probe spacing (~0.4 % of its distance from 0 or from the finite
 * end; 1/8192 of a finite range) with f exactly 0 at every point looked at cannot be found:
 * then the result is flagged, never reported as converged.
 *
 * @param f The integrand, called as f(x, ...args); it must return a number.
 * @param a Lower limit (may be -Infinity).
 * @param b Upper limit (may be Infinity). a > b gives -∫_b^a; a === b gives 0.
 * @param options args, epsabs, epsrel, limit (see {@linkcode QuadOptions}).
 * @returns The value, error estimate, evaluation count, subintervals and QUADPACK's `ier`
 *   code with its message: check `ier` (0 = converged) before trusting `value`.
 * @throws {TypeError} If f is not a function, a bound or tolerance not a number, or f returns
 *   something that is not a number.
 * @throws {RangeError} If a bound or tolerance is NaN, epsabs and epsrel are both <= 0, or
 *   limit is not an integer >= 1.
 *
 * @example ∫ exp(-x²) over (-∞, ∞) = √π, and ∫ 1/√x over [0, 1] = 2
 * ```ts
 * import assert from "node:assert/strict";
 * const g = quad((x) => Math.exp(-x * x), -Infinity, Infinity);
 * assert.equal(g.ier, 0);
 * assert.ok(Math.abs(g.value - Math.sqrt(Math.PI)) < 1e-12);
 * const s = quad((x, p) => x ** p, 0, 1, { args: [-0.5] });
 * assert.ok(Math.abs(s.value - 2) < 1e-12 && s.abserr < 1e-8);
 * assert.equal(quad(Math.sin, Math.PI, 0).value, -quad(Math.sin, 0, Math.PI).value);
 * ```
 */
export function quad<A extends readonly unknown[] = []>(
  f: (x: number, ...args: A) => number,
  a: number,
  b: number,
  options: QuadOptions<A> = {},
): QuadResult {
  const s = checkQuadArgs("quad", f, a, b, options);
  if (s.early) return s.early;
  const call = bindIntegrand(
    "quad",
    f as unknown as (x: number, ...rest: unknown[]) => number,
    s.args,
  );
  const run = new QuadRun(s.lo, s.hi, s.epsabs, s.epsrel, s.limit);
  for (let n = run.start(); n > 0; n = run.advance()) {
    const xs = run.xs, fx = run.fx;
    for (let i = 0; i < n; i++) fx[i] = call(xs[i]!);
  }
  return run.result(s.negate);
}

/**
 * {@linkcode quad} with f evaluated a batch at a time: each step of the algorithm passes all
 * its nodes (21 or 30 for the first estimate, then 42 or 60 per bisection; if quad's probe
 * runs, its 8192 or 16385 points at once, then 1–2 per step while it narrows the bracket
 * around a peak) in ONE call of f, so the batch can be spread over a Pool. The nodes and the
 * order of every sum are quad's, so the result is identical to quad's for the same f.
 *
 * @param f Returns (or resolves to) f(x, ...args) for every x of its Float64Array, in order.
 * @param a Lower limit (may be -Infinity).
 * @param b Upper limit (may be Infinity).
 * @param options args, epsabs, epsrel, limit (see {@linkcode QuadOptions}).
 * @returns The same result as {@linkcode quad}.
 * @throws {TypeError} As quad, and if f's answer is not one number per node.
 * @throws {RangeError} As quad.
 *
 * @example Same answer as quad
 * ```ts
 * import assert from "node:assert/strict";
 * const batch = (xs: Float64Array, p: number) => Promise.resolve(xs.map((x) => Math.exp(-x * p)));
 * const r = await quadAsync(batch, 0, Infinity, { args: [2] });
 * assert.deepEqual(r, quad((x, p) => Math.exp(-x * p), 0, Infinity, { args: [2] }));
 * assert.ok(Math.abs(r.value - 0.5) < 1e-12);
 * ```
 */
export async function quadAsync<A extends readonly unknown[] = []>(
  f: QuadBatchFunction<A>,
  a: number,
  b: number,
  options: QuadOptions<A> = {},
): Promise<QuadResult> {
  const s = checkQuadArgs("quadAsync", f, a, b, options);
  if (s.early) return s.early;
  const batch = f as unknown as (xs: Float64Array, ...rest: unknown[]) => unknown;
  const run = new QuadRun(s.lo, s.hi, s.epsabs, s.epsrel, s.limit);
  for (let n = run.start(); n > 0; n = run.advance()) {
    // A copy, not a view of the run's buffer: the callee may keep, transfer or overwrite it.
    storeBatch(await batch(run.xs.slice(0, n), ...s.args), run.fx, n);
  }
  return run.result(s.negate);
}
