// Checks of what arrived before anything acts on it. Entries come from whoever can write to the
// queue, so a deserialized value is walked once before the value codec revives its records: a
// record must be one the codec writes for another machine (an Error of a built-in class, a typed
// array over its own buffer, a plain object, class instances), never one that would construct
// an arbitrary global (`new Function(…)`) or a shared object; and arrays may not claim more
// elements than the bytes could hold, so that no later walk of a forged sparse array hangs.
import { ERROR_BASE_NAMES } from "../wire/_error_codec.ts";
import { MAX_DEPTH, TAG } from "../wire/_value_check.ts";
import { VIEW_TYPES } from "../wire/_value_decode.ts";

const ERROR_BASES: ReadonlySet<string> = new Set(ERROR_BASE_NAMES);

/** A TypeError saying that `what` is malformed (forged, damaged, or from another program). */
export function malformed(what: string, detail: string): TypeError {
  return new TypeError(
    `${what} is malformed: ${detail}. It was damaged, forged, or written by another program`,
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isIndex = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

/** Throws unless `value` is a non-negative safe integer. */
export function checkIndex(value: unknown, field: string, what: string): number {
  if (!isIndex(value)) throw malformed(what, `${field} should be a whole number ≥ 0`);
  return value;
}

/** Throws unless `value` is an array of non-negative safe integers no longer than `max`. */
export function checkIndexes(value: unknown, field: string, what: string, max: number): number[] {
  if (!Array.isArray(value) || value.length > max || !value.every(isIndex)) {
    throw malformed(what, `${field} should be a list of at most ${max} whole numbers ≥ 0`);
  }
  return value;
}

/**
 * Walks `value` (to the value codec's depth limit) and throws if a record is not one this wire
 * writes, or if its arrays claim, in all, more than `budget` elements.
 */
export function checkValues(value: unknown, budget: number, what: string): void {
  const seen = new Set<object>();
  // `escaped`: the value of an "object" record, a user's object whose own "$multiproc" key is data.
  const walk = (item: unknown, depth: number, escaped = false): void => {
    if (typeof item !== "object" || item === null || depth > MAX_DEPTH || seen.has(item)) return;
    seen.add(item);
    if (Array.isArray(item)) {
      budget -= item.length;
      if (budget < 0) {
        throw malformed(what, "its arrays claim more elements than its bytes could hold");
      }
      for (let i = 0; i < item.length; i++) walk(item[i], depth + 1);
    } else if (item instanceof Map) {
      for (const [key, entry] of item) walk(key, depth + 1), walk(entry, depth + 1);
    } else if (item instanceof Set) {
      for (const entry of item) walk(entry, depth + 1);
    } else if (!ArrayBuffer.isView(item) && !(item instanceof ArrayBuffer)) {
      const fields = item as Record<string, unknown>;
      if (!escaped && Object.hasOwn(item, TAG)) {
        const record = fields[TAG] as Record<string, unknown>;
        checkRecord(record, what);
        if (record.t === "object") {
          seen.add(record);
          return walk(record.value, depth + 1, true);
        }
      }
      for (const key of Object.keys(item)) walk(fields[key], depth + 1);
    }
  };
  walk(value, 0);
}

function checkRecord(record: unknown, what: string): void {
  if (!isRecord(record)) throw malformed(what, `a "${TAG}" record is not an object`);
  const ok = (() => {
    switch (record.t) {
      case "error":
        return ERROR_BASES.has(record.base as string) && typeof record.name === "string" &&
          typeof record.message === "string" &&
          (record.stack === undefined || typeof record.stack === "string") &&
          Array.isArray(record.own) &&
          record.own.every((own) =>
            Array.isArray(own) && typeof own[0] === "string" && typeof own[2] === "boolean"
          );
      case "view":
        return VIEW_TYPES.has(record.type as string) && record.buffer instanceof ArrayBuffer &&
          isIndex(record.byteOffset) && isIndex(record.length) &&
          viewFits(record.type as string, record.buffer, record.byteOffset, record.length);
      case "object":
        return isRecord(record.value) && Object.getPrototypeOf(record.value) === Object.prototype;
      case "classes":
        return Array.isArray(record.classes) &&
          record.classes.every((entry) =>
            isRecord(entry) && (typeof entry.r === "string" ||
              (typeof entry.n === "string" && typeof entry.s === "string" &&
                (entry.e === undefined || typeof entry.e === "string")))
          );
      case "instance":
        return isIndex(record.c) && isRecord(record.f);
      case "shared":
        throw malformed(what, "it holds a shared-memory object, which cannot cross machines");
      default:
        return false;
    }
  })();
  if (!ok) {
    throw malformed(
      what,
      `it holds a "${TAG}" record of type ${describe(record.t)} that is not well formed`,
    );
  }
}

function viewFits(type: string, buffer: ArrayBuffer, offset: number, length: number): boolean {
  const size = type === "DataView"
    ? 1
    : (globalThis as unknown as Record<string, { BYTES_PER_ELEMENT: number } | undefined>)[type]
      ?.BYTES_PER_ELEMENT;
  return size !== undefined && offset % size === 0 && offset + length * size <= buffer.byteLength;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value;
}
