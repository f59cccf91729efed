/**
 * The arguments the `exp` and `log` kernels compute themselves; `_transcendental.ts` redoes the
 * rest with `Math.exp`/`Math.log`. Apart from `_wasm_exp_log.ts` so that the library, which only
 * loads the kernels' bytes, does not load their builder. Private to `lib/array/`.
 *
 * @module
 */

/** The exp kernel covers |x| ≤ this: e^x and e^-x are normal doubles, 2^k an exponent add. */
export const EXP_LIMIT = 708;
/** The log kernel covers finite x ≥ this, the least normal double; the rest go to `Math.log`. */
export const LOG_LOWEST = 2 ** -1022;

/**
 * Whether the exp kernel computes e^x itself (NaN too: it comes out NaN).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual([708, 709, NaN].map(expCovers), [true, false, true]);
 * ```
 */
export const expCovers = (x: number): boolean => !(Math.abs(x) > EXP_LIMIT);

/**
 * Whether the log kernel computes ln x itself.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual([1, 0, -1, 5e-324, Infinity, NaN].map(logCovers), [true, false, false, false, false, false]);
 * ```
 */
export const logCovers = (x: number): boolean => x >= LOG_LOWEST && x <= Number.MAX_VALUE;
