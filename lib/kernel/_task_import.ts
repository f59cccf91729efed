/**
 * The one task runParallel() sends to a pool's workers, for `compile()` and `jit()` kernels
 * alike. A pool runs exports of its own `module`, or self-contained functions sent as source; it
 * has no per-call module. So this small function travels as source text, imports the kit's task
 * module by absolute URL in the worker (resolved where the library lives, so it works when the
 * library is imported by URL) and calls one of its exports. Its `import()` cannot be read ahead
 * of time, by design: it is one of the dynamic imports `deno publish` warns about.
 *
 * @module
 */

/**
 * Imports `module` and calls its export `name` with `args`; sent to a worker as source, so it
 * uses nothing from this module's scope.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const module = new URL("./_arguments.ts", import.meta.url).href;
 * assert.equal(await importAndCall(module, "describe", [1, 2]), "an Array");
 * ```
 */
export async function importAndCall(
  module: string,
  name: string,
  ...args: unknown[]
): Promise<unknown> {
  const imported: Record<string, (...args: unknown[]) => unknown> = await import(module);
  return await imported[name]!(...args);
}
