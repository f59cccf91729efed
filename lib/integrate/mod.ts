/**
 * scipy's `integrate.quad`: adaptive Gauss–Kronrod quadrature with extrapolation, and
 * `quadAsync` for integrands evaluated on a pool.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quad } from "./mod.ts";
 * const { value } = quad((x) => x * x, 0, 3);
 * assert.ok(Math.abs(value - 9) < 1e-12);
 * ```
 *
 * @module
 */
export { quad, quadAsync, type QuadBatchFunction } from "./quad.ts";
export { type QuadOptions } from "./quad_options.ts";
export { type QuadResult } from "./quad_result.ts";
