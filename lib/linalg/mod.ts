/**
 * `dot`, numpy's matrix product, on a WebAssembly SIMD kernel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dot } from "./mod.ts";
 * import { Matrix } from "../array/mod.ts";
 * const a = Matrix.from([[1, 2], [3, 4]]);
 * assert.deepEqual(dot(a, a).toArray(), [[7, 10], [15, 22]]);
 * ```
 *
 * @module
 */
export { dot } from "./dot.ts";
