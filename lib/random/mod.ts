/**
 * Seeded random numbers as numpy and jax make them: numpy's `RandomState` on the Mersenne
 * Twister (`MT19937`), and jax's `PRNGKey`, `split` and `uniform` on threefry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RandomState } from "./mod.ts";
 * const a = new RandomState(42).rand(3);
 * assert.deepEqual(a, new RandomState(42).rand(3));
 * ```
 *
 * @module
 */
export { type IntArray, type NdArray, RandomState } from "./random_state.ts";
export { MT19937 } from "./mt19937.ts";
export { PRNGKey, split, uniform, uniformBlock } from "./jax.ts";
export { threefry2x32, threefryBlock } from "./threefry.ts";
