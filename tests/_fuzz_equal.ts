// Deep equality for round-tripped fuzz values (tests/_fuzz_values.ts), stricter than
// node:assert's: -0, NaN, holes, key order, enumerability of Errors' fields, typed arrays'
// offsets and buffers, and aliasing (an object met twice must arrive as one object) all count.
// Shared objects are equal when a write through the one is read through the other.
import { SharedArray } from "../lib/shared/array.ts";
import { SharedValue } from "../lib/shared/value.ts";

const BASES = [
  AggregateError,
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError,
  DOMException,
  Error,
];

function baseName(error: Error): string {
  return BASES.find((base) => error instanceof base)!.name;
}

function show(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  }
  if (typeof value === "object" && value !== null) return Object.prototype.toString.call(value);
  return Object.is(value, -0) ? "-0" : String(value);
}

function bytes(buffer: ArrayBufferLike): string {
  return new Uint8Array(buffer).join(",");
}

/** Whether a write through `expected` is read through `actual`: the same shared memory. */
function sharesMemory(
  actual: SharedValue | SharedArray,
  expected: SharedValue | SharedArray,
): boolean {
  if (expected instanceof SharedValue && actual instanceof SharedValue) {
    const old = expected.value as number;
    expected.value = old === 7 ? 8 : 7;
    const seen = actual.value === expected.value;
    expected.value = old;
    return seen && Object.is(actual.value, old) && actual.typecode === expected.typecode;
  }
  if (expected instanceof SharedArray && actual instanceof SharedArray) {
    if (expected.length === 0) return actual.length === 0;
    const old = expected.get(0) as number;
    expected.set(0, old === 7 ? 8 : 7);
    const seen = actual.get(0) === expected.get(0);
    expected.set(0, old);
    return seen && bytes(actual.array.slice().buffer) === bytes(expected.array.slice().buffer);
  }
  return false;
}

type Pairs = Map<object, unknown>;

function errorDifference(actual: Error, expected: Error, path: string, pairs: Pairs) {
  for (const key of ["name", "message", "stack"] as const) {
    if (actual[key] !== expected[key]) {
      return `${path}.${key}: expected ${show(expected[key])}, received ${show(actual[key])}`;
    }
  }
  if (baseName(actual) !== baseName(expected)) {
    return `${path}: expected a ${baseName(expected)}, received a ${baseName(actual)}`;
  }
  const keys = (error: Error) =>
    Object.getOwnPropertyNames(error).filter((k) => k !== "stack").sort();
  if (keys(actual).join() !== keys(expected).join()) {
    return `${path}: expected own fields [${keys(expected)}], received [${keys(actual)}]`;
  }
  for (const key of keys(expected)) {
    const enumerable = (error: Error) => Object.getOwnPropertyDescriptor(error, key)!.enumerable;
    if (enumerable(actual) !== enumerable(expected)) return `${path}.${key}: enumerability differs`;
    const problem = difference(
      Reflect.get(actual, key),
      Reflect.get(expected, key),
      `${path}.${key}`,
      pairs,
    );
    if (problem !== null) return problem;
  }
  return null;
}

function entriesDifference(actual: unknown[], expected: unknown[], path: string, pairs: Pairs) {
  if (actual.length !== expected.length) {
    return `${path}: expected ${expected.length} entries, received ${actual.length}`;
  }
  for (let i = 0; i < expected.length; i++) {
    if ((i in actual) !== (i in expected)) return `${path}[${i}]: a hole on one side only`;
    const problem = difference(actual[i], expected[i], `${path}[${i}]`, pairs);
    if (problem !== null) return problem;
  }
  return null;
}

function objectDifference(actual: object, expected: object, path: string, pairs: Pairs) {
  if (expected instanceof SharedValue || expected instanceof SharedArray) {
    const same = (actual instanceof SharedValue || actual instanceof SharedArray) &&
      sharesMemory(actual, expected);
    return same ? null : `${path}: expected a ${expected.constructor.name} over the same memory`;
  }
  if (expected instanceof Error) return errorDifference(actual as Error, expected, path, pairs);
  if (Array.isArray(expected)) return entriesDifference(actual as unknown[], expected, path, pairs);
  if (expected instanceof Map || expected instanceof Set) {
    const flat = (m: Map<unknown, unknown> | Set<unknown>) =>
      [...m].flat(expected instanceof Map ? 1 : 0);
    return entriesDifference(flat(actual as Map<unknown, unknown>), flat(expected), path, pairs);
  }
  if (ArrayBuffer.isView(expected)) {
    const a = actual as ArrayBufferView;
    if (a.byteOffset !== expected.byteOffset || a.byteLength !== expected.byteLength) {
      return `${path}: expected a view at ${expected.byteOffset}+${expected.byteLength}, received ${a.byteOffset}+${a.byteLength}`;
    }
    return difference(a.buffer, expected.buffer, `${path}.buffer`, pairs);
  }
  if (expected instanceof ArrayBuffer) {
    return bytes(actual as ArrayBuffer) === bytes(expected) ? null : `${path}: bytes differ`;
  }
  if (expected instanceof Date) {
    return difference((actual as Date).getTime(), expected.getTime(), `${path}.getTime()`, pairs);
  }
  if (expected instanceof RegExp) {
    const describe = (r: RegExp) => `/${r.source}/${r.flags} at ${r.lastIndex}`;
    return describe(actual as RegExp) === describe(expected)
      ? null
      : `${path}: expected ${describe(expected)}, received ${describe(actual as RegExp)}`;
  }
  const keys = Object.keys(expected);
  if (Object.keys(actual).join("\0") !== keys.join("\0")) {
    return `${path}: expected keys ${JSON.stringify(keys)}, received ${
      JSON.stringify(Object.keys(actual))
    }`;
  }
  for (const key of keys) {
    const problem = difference(
      Reflect.get(actual, key),
      Reflect.get(expected, key),
      `${path}[${JSON.stringify(key)}]`,
      pairs,
    );
    if (problem !== null) return problem;
  }
  return null;
}

function difference(actual: unknown, expected: unknown, path: string, pairs: Pairs): string | null {
  if (typeof expected !== "object" || expected === null) {
    return Object.is(actual, expected)
      ? null
      : `${path}: expected ${show(expected)}, received ${show(actual)}`;
  }
  if (typeof actual !== "object" || actual === null) {
    return `${path}: expected ${show(expected)}, received ${show(actual)}`;
  }
  if (pairs.has(expected)) {
    return pairs.get(expected) === actual
      ? null
      : `${path}: expected the object met earlier, received another`;
  }
  pairs.set(expected, actual);
  const tag = Object.prototype.toString.call(expected);
  if (
    Object.prototype.toString.call(actual) !== tag &&
    !(expected instanceof SharedValue || expected instanceof SharedArray)
  ) {
    return `${path}: expected ${tag}, received ${show(actual)}`;
  }
  return objectDifference(actual, expected, path, pairs);
}

/**
 * Throws unless `actual` is what `expected` was sent as: equal in every way structured clone
 * keeps, Errors' fields and aliasing included. The message starts with `context` (the seed).
 */
export function assertArrivedEqual(actual: unknown, expected: unknown, context: string): void {
  const problem = difference(actual, expected, "value", new Map());
  if (problem !== null) throw new Error(`${context}: ${problem}`);
}
