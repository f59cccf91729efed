/**
 * Seeded random numbers as numpy and jax make them: numpy's `RandomState` on the Mersenne
 * Twister (`MT19937`), and jax's `PRNGKey`, `split` and `uniform` on threefry.
 * `numeric.ts` exports this module as the namespace `random`, as Python spells it
 * (`new random.RandomState(42)`, `random.split(random.PRNGKey(0))`); here the names are plain.
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
// `export *`, not named re-exports: deno doc lists a namespace's members (numeric.ts's
// `export * as random`) only through star re-exports. Each file exports exactly its public names.
export * from "./random_state.ts";
export * from "./mt19937.ts";
export * from "./jax.ts";
export * from "./threefry.ts";
