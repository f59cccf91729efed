/**
 * Python's `timeit`: repeat a function and report the best and the spread.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { timeit } from "./mod.ts";
 * const result = timeit(() => Math.sqrt(2), { number: 10, repeat: 3 });
 * assert.equal(result.timings.length, 3);
 * ```
 *
 * @module
 */
export { timeit, timeitAsync, type TimeitOptions, TimeitResult } from "./timeit.ts";
