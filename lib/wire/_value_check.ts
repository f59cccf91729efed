// The read-only check behind codec.ts: does a value hold anything structured clone would
// not carry whole (an Error, a shared object, for a child process a typed array or shared
// memory)? Also the record tag and depth limit that the encoder and decoder share.
import { isShareable, sharedObjectsSeen } from "./shareable.ts";
import { classOfPrototype } from "./_class_of.ts";

/** The key of every record; a user's object that has it is escaped as an "object" record. */
export const TAG = "$multiproc";
/** Deeper than this, values are left to structured clone: it keeps the walks off the stack limit. */
export const MAX_DEPTH = 256;

/** A record in place of a value: `{ $multiproc: { t: kind, … } }`. */
export type Tagged = { [TAG]: { readonly t: string } };

// Containers with an object inside, already visited by the current check (cycles, DAGs).
const visited = new Set<object>();
// Whether the current check looks for class instances (they then travel as records).
let withClasses = false;

/** An object structured clone copies as a plain object: its prototype is Object's or null. */
export function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether `value` holds anything to encode. Reads every element of arrays, Maps and Sets and
 * every own field of other objects once, and nothing inside typed arrays. With `classes`, an
 * instance of a program-defined class counts too.
 */
export function needsEncoding(value: unknown, forProcess: boolean, classes = false): boolean {
  if (typeof value !== "object" || value === null) return false;
  withClasses = classes;
  try {
    return needs(value, 0, forProcess);
  } finally {
    visited.clear();
    withClasses = false;
  }
}

function needs(value: object, depth: number, forProcess: boolean): boolean {
  if (Array.isArray(value)) return arrayNeeds(value, depth, forProcess);
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) {
    return objectNeeds(value as Record<string, unknown>, depth, forProcess);
  }
  if (ArrayBuffer.isView(value)) return forProcess;
  if (value instanceof Error) return true;
  if (value instanceof Map || value instanceof Set) {
    if (visited.has(value)) return false;
    visited.add(value);
    for (const entry of value) {
      if (value instanceof Map) {
        if (itemNeeds(entry[0], depth, forProcess) || itemNeeds(entry[1], depth, forProcess)) {
          return true;
        }
      } else if (itemNeeds(entry, depth, forProcess)) return true;
    }
    return false;
  }
  if (forProcess ? value instanceof SharedArrayBuffer || isShareable(value) : isShared(value)) {
    return true;
  }
  if (withClasses && classOfPrototype(prototype) !== null) return true;
  // Any other object (a Date, or a class instance when classes are not looked for): structured
  // clone copies its own enumerable fields into a plain object, so they are looked at too.
  return instanceNeeds(value as Record<string, unknown>, depth, forProcess);
}

function isShared(value: object): boolean {
  return sharedObjectsSeen() && isShareable(value);
}

function instanceNeeds(object: Record<string, unknown>, depth: number, forProcess: boolean) {
  const keys = Object.keys(object);
  if (keys.length === 0 || visited.has(object)) return false;
  visited.add(object);
  for (const key of keys) {
    if (key === TAG || itemNeeds(object[key], depth, forProcess)) return true;
  }
  return false;
}

function itemNeeds(item: unknown, depth: number, forProcess: boolean): boolean {
  return typeof item === "object" && item !== null && depth < MAX_DEPTH &&
    needs(item, depth + 1, forProcess);
}

// Skips the leading run of numbers. Its own function, so that its loads see only arrays of
// numbers and stay fast (a load site that has seen every kind of array boxes each double).
function afterNumbers(array: unknown[]): number {
  let i = 0;
  while (i < array.length && typeof array[i] === "number") i++;
  return i;
}

function arrayNeeds(array: unknown[], depth: number, forProcess: boolean): boolean {
  let marked = false;
  const start = typeof array[0] === "number" ? afterNumbers(array) : 0;
  for (let i = start; i < array.length; i++) {
    const item = array[i];
    if (typeof item !== "object" || item === null) continue;
    if (!marked) {
      if (visited.has(array)) return false;
      visited.add(array);
      marked = true;
    }
    if (depth < MAX_DEPTH && needs(item, depth + 1, forProcess)) return true;
  }
  return false;
}

function objectNeeds(object: Record<string, unknown>, depth: number, forProcess: boolean): boolean {
  let marked = false;
  for (const key in object) {
    if (key === TAG) return true;
    const item = object[key];
    if (typeof item !== "object" || item === null) continue;
    if (!marked) {
      if (visited.has(object)) return false;
      visited.add(object);
      marked = true;
    }
    if (depth < MAX_DEPTH && needs(item, depth + 1, forProcess)) return true;
  }
  return false;
}
