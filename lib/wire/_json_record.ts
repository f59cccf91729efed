// A queue record for values that JSON carries exactly: writing them as JSON text costs well under
// a microsecond, where `node:v8`'s serialize costs tens (deno task bench:shared). Any other value
// (and any value this walk is not sure of) gives null, and the caller falls back to node:v8, so a
// value read back is always exactly the value put. The text is ASCII (other characters are
// written as \u escapes, which JSON.parse reads back exactly, lone surrogates included), so it
// is stored one byte per character, and it never starts with node:v8's version tag 0xFF.

/** Deeper than this, a value goes to node:v8: it keeps the walk off the stack limit. */
const MAX_DEPTH = 64;

// Containers already written by the current walk (only once it has met a nested one, so a flat
// array or object pays for no set): a second reference must arrive as the same object, which
// JSON cannot say, so such a value goes to node:v8.
const seen = new Set<object>();
let tracking = false;
let root: object | null = null;
let walking = false;

type NodeUtil = { types: { isProxy(value: unknown): boolean } };
let proxyCheck: ((value: unknown) => boolean) | null | undefined;

// A Proxy reads like the object it wraps, but node:v8 refuses it: it must keep failing as it
// did. Without a way to tell (no node:util), nothing takes the JSON path.
function isProxyCheck(): ((value: unknown) => boolean) | null {
  if (proxyCheck !== undefined) return proxyCheck;
  try {
    const util = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } })
      .process?.getBuiltinModule?.("node:util") as NodeUtil | undefined;
    proxyCheck = util?.types.isProxy ?? null;
  } catch {
    proxyCheck = null;
  }
  return proxyCheck;
}

/**
 * `value` as ASCII JSON text if `JSON.parse` of it gives back exactly `value`: null, booleans,
 * strings, finite numbers other than -0, and dense plain arrays and plain objects (prototype
 * `Array.prototype` / `Object.prototype`, no extra or missing fields, no object reached twice)
 * of these. Reads every field once. Anything else (undefined, -0, NaN, BigInt, a Date, a Map, a
 * typed array, a class instance, a Proxy, a hole, a cycle, …) gives null.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(encodeJsonText([1, "é"]), '[1,"\\u00e9"]');
 * assert.deepEqual(JSON.parse(encodeJsonText([1, "é"])!), [1, "é"]);
 * assert.equal(encodeJsonText([1, -0]), null);
 * assert.equal(encodeJsonText({ at: new Date(0) }), null);
 * ```
 */
export function encodeJsonText(value: unknown): string | null {
  const isProxy = isProxyCheck();
  // A getter of the value being walked may put another value: that one goes to node:v8, and
  // leaves this walk's state alone.
  if (isProxy === null || walking) return null;
  walking = true;
  try {
    return write(value, 0, isProxy);
  } finally {
    // Only a walk that met a nested container put anything in the set; clearing allocates a new
    // table even when the set is empty, which would be most of a flat value's cost.
    if (tracking) seen.clear();
    tracking = false;
    root = null;
    walking = false;
  }
}

const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_ALL = /[\u0080-\uffff]/g;

/** Longer strings with other characters than ASCII go to node:v8, which copies them whole. */
const MAX_ESCAPED_LENGTH = 256;

// A string as a JSON string literal in ASCII: JSON.stringify's, with \u escapes for the rest;
// null for a long one that would need escapes (escaping costs more per character than node:v8).
function quote(text: string): string | null {
  const quoted = JSON.stringify(text);
  if (!NON_ASCII.test(quoted)) return quoted;
  if (text.length > MAX_ESCAPED_LENGTH) return null;
  return quoted.replace(
    NON_ASCII_ALL,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}

function write(value: unknown, depth: number, isProxy: (value: unknown) => boolean): string | null {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      // Number-to-string is JSON's own: the shortest text that reads back as the same double.
      return Number.isFinite(value) && !Object.is(value, -0) ? String(value) : null;
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (depth >= MAX_DEPTH || isProxy(value)) return null;
      if (depth === 0) {
        root = value;
      } else {
        // The first nested container starts the tracking, with the root (a cycle back to it).
        if (!tracking) {
          tracking = true;
          seen.add(root!);
        }
        if (seen.has(value)) return null;
        seen.add(value);
      }
      return Array.isArray(value)
        ? writeArray(value, depth, isProxy)
        : writeObject(value, depth, isProxy);
    default:
      return null;
  }
}

function writeArray(
  array: unknown[],
  depth: number,
  isProxy: (value: unknown) => boolean,
): string | null {
  if (Object.getPrototypeOf(array) !== Array.prototype) return null;
  const length = array.length;
  // Exactly the indices 0..length-1: no holes, no extra fields (node:v8 keeps those). Index keys
  // come first, ascending, so `length` keys ending with length-1 are all of them.
  const keys = Object.keys(array);
  if (keys.length !== length || (length > 0 && keys[length - 1] !== String(length - 1))) {
    return null;
  }
  let text = "[";
  for (let i = 0; i < length; i++) {
    const item = write(array[i], depth + 1, isProxy);
    if (item === null) return null;
    text += i === 0 ? item : "," + item;
  }
  return text + "]";
}

function writeObject(
  object: object,
  depth: number,
  isProxy: (value: unknown) => boolean,
): string | null {
  // A null prototype arrives as Object.prototype through node:v8 too, but it is left to node:v8
  // so nothing about such objects changes.
  if (Object.getPrototypeOf(object) !== Object.prototype) return null;
  const keys = Object.keys(object);
  let text = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const name = quote(key);
    const item = write((object as Record<string, unknown>)[key], depth + 1, isProxy);
    if (name === null || item === null) return null;
    text += (i === 0 ? "" : ",") + name + ":" + item;
  }
  return text + "}";
}
