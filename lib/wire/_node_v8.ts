/**
 * `node:v8`'s `serialize` and `deserialize`, loaded on first need rather than with the library.
 * Importing any `node:` module starts Deno's Node compatibility layer (about 15 ms), which a
 * program that never uses a Queue or a child process should not pay when it imports multiproc.
 *
 * {@linkcode preloadNodeV8} starts loading it in the background when a user appears (a Queue is
 * made or revived, a process pool is configured, a worker starts). A call that comes before
 * that load has finished loads the same module synchronously, through
 * `process.getBuiltinModule` (slower, as it sets up Node's `process` first), so every caller
 * stays as synchronous as it was with a static import, and throws what `node:v8` throws.
 *
 * The browser build replaces this module with `tools/bundle/node_v8_browser.ts`.
 *
 * @module
 */
import type * as NodeV8 from "node:v8";

let loaded: typeof NodeV8 | null = null;
let loading: Promise<void> | null = null;

/**
 * Starts loading `node:v8` in the background, once; never throws (a failed load is retried
 * synchronously by the first call that needs it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * preloadNodeV8();
 * assert.deepEqual(deserialize(serialize({ a: [1n] })), { a: [1n] });
 * ```
 */
export function preloadNodeV8(): void {
  loading ??= import("node:v8").then((module) => {
    loaded ??= module;
  }, () => {});
}

function nodeV8(): typeof NodeV8 {
  return loaded ??= globalThis.process.getBuiltinModule("node:v8") as typeof NodeV8;
}

/**
 * `v8.serialize(value)`: throws what it throws for a value it cannot write.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(serialize([1, "two"]) instanceof Uint8Array);
 * assert.throws(() => serialize(() => 1));
 * ```
 */
export function serialize(value: unknown): Uint8Array {
  return nodeV8().serialize(value);
}

/**
 * `v8.deserialize(bytes)`: throws what it throws for bytes that are not a serialized value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(deserialize(serialize(new Map([[1, "one"]]))), new Map([[1, "one"]]));
 * ```
 */
export function deserialize(bytes: Uint8Array): unknown {
  return nodeV8().deserialize(bytes);
}
