// What a Connection or a Queue cannot carry whole. They copy values by structured clone (or
// node:v8, the same algorithm), which turns a shared object or an instance of a program's class
// into a plain object; the pipe and the queue refuse such values instead of delivering an
// object that fails far from the cause (Python would pickle them, or refuse a Lock).
import { needsEncoding } from "./_value_check.ts";
import { isShareable, shareableKind } from "./shareable.ts";
import { classOfPrototype, NO_CLASS } from "./_class_of.ts";

const MAX_DEPTH = 256;

/**
 * A description of the first part of `value` that structured clone would not carry whole (a
 * shared object, a class instance), with where it is; `null` if there is none. Plain data
 * costs one read-only pass.
 */
export function lossyPart(value: unknown): string | null {
  if (!needsEncoding(value, false, true)) return null;
  return find(value, "the value", 0, new Set());
}

function find(value: unknown, where: string, depth: number, seen: Set<object>): string | null {
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH || seen.has(value)) {
    return null;
  }
  seen.add(value);
  if (isShareable(value)) return `a ${shareableKind(value)} (${where})`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = find(value[i], `${where}[${i}]`, depth + 1, seen);
      if (found !== null) return found;
    }
    return null;
  }
  if (value instanceof Map || value instanceof Set) {
    for (const entry of value) {
      const found = find(entry, `an entry of ${where}`, depth + 1, seen);
      if (found !== null) return found;
    }
    return null;
  }
  if (ArrayBuffer.isView(value) || value instanceof Error) return null;
  const found = classOfPrototype(Object.getPrototypeOf(value));
  if (found === NO_CLASS) return `an object with a custom prototype (${where})`;
  if (found !== null) return `an instance of class ${found.name || "(anonymous)"} (${where})`;
  for (const key of Object.keys(value)) {
    const inner = find((value as Record<string, unknown>)[key], `${where}.${key}`, depth + 1, seen);
    if (inner !== null) return inner;
  }
  return null;
}

/** Throws a TypeError if `value` holds what `carrier` (a Connection, a Queue) cannot carry. */
export function refuseLossy(value: unknown, carrier: string): void {
  const part = lossyPart(value);
  if (part === null) return;
  throw new TypeError(
    `${carrier} cannot carry ${part}: it copies values by structured clone, so it would ` +
      "arrive as a plain object. Pass shared objects and pipe ends to a Process or a pool task " +
      "as arguments (or initargs), and send plain data (a class instance's fields) instead",
  );
}
