/**
 * What the browser build gets for `lib/wire/_node_v8.ts`, the library's loader of `node:v8`: a
 * browser has no V8 serializer, so the features built on it (`Queue`, `JoinableQueue`, and
 * `isolation: "process"`) say so when used, while the rest of the library loads.
 *
 * @module
 */

function unavailable(): never {
  throw new TypeError(
    "Queue and JoinableQueue are not available in the browser build of multiproc: they store " +
      "values as node:v8 bytes, and browsers lack that serializer. Use a Pipe (MessageChannel) " +
      "or a SharedArray instead, or run under Deno",
  );
}

/** Throws: see the module doc. */
export function serialize(_value: unknown): Uint8Array {
  return unavailable();
}

/** Throws: see the module doc. */
export function deserialize(_bytes: Uint8Array): unknown {
  return unavailable();
}

/** Nothing to load: see the module doc. */
export function preloadNodeV8(): void {}
