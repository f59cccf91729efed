// The decoder behind codec.ts: revives the records the encoder made, in place where it can.
import { type ErrorRecord, reviveError } from "./_error_codec.ts";
import type { SharedRecord } from "./shareable.ts";
import { isPlainObject, MAX_DEPTH, TAG, type Tagged } from "./_value_check.ts";
import type { ClassEntry, ClassSpace } from "./_class_space.ts";
import type { ClassObject } from "./class_registry.ts";

/** The classes a "view" record may name. */
export const VIEW_TYPES: ReadonlySet<string> = new Set([
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float16Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
  "DataView",
]);

type Fields = Record<string, unknown>;

const isObject = (value: unknown) => typeof value === "object" && value !== null;

interface DecodeContext {
  readonly reviveShared: (record: SharedRecord) => unknown;
  /** Each record or container met → what it became. */
  readonly memo: Map<object, unknown>;
  /** Where classes are found; `null` where no class instances are expected. */
  readonly space: ClassSpace | null;
  /** The classes of the value's "classes" record, found before anything is revived. */
  classes: ClassObject[] | null;
}

/**
 * Revives the records {@linkcode encodeValue} made, in place where it can. The classes a value
 * holds are found in `space` before anything else is touched, so when that throws (a class that
 * cannot be found, or ClassesPending) the value is as it arrived and can be decoded again.
 */
export function decodeValue(
  value: unknown,
  reviveShared: (record: SharedRecord) => unknown,
  space: ClassSpace | null = null,
): unknown {
  return decode(value, 0, { reviveShared, memo: new Map(), space, classes: null });
}

function decode(value: unknown, depth: number, context: DecodeContext): unknown {
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return value;
  const known = context.memo.get(value);
  if (known !== undefined) return known;
  const next = (item: unknown) => decode(item, depth + 1, context);
  if (Array.isArray(value)) {
    // Containers are noted (for cycles) only once an object is found inside: plain rows of
    // numbers cost one pass and nothing else.
    let noted = false;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item !== "object" || item === null) continue;
      if (!noted) {
        context.memo.set(value, value);
        noted = true;
      }
      value[i] = next(item);
    }
    return value;
  }
  if (isPlainObject(value)) {
    if (Object.hasOwn(value, TAG)) return revive(value as Tagged, next, context);
    decodeFields(value, next, context);
    return value;
  }
  if (value instanceof Map) {
    context.memo.set(value, value);
    if (![...value.keys(), ...value.values()].some(isObject)) return value;
    const entries = [...value].map(([key, item]) => [next(key), next(item)] as const);
    value.clear(); // and refilled in order: a key may have been a record
    for (const [key, item] of entries) value.set(key, item);
    return value;
  }
  if (value instanceof Set) {
    context.memo.set(value, value);
    if (![...value].some(isObject)) return value;
    const items = [...value].map(next);
    value.clear();
    for (const item of items) value.add(item);
  }
  return value;
}

function decodeFields(object: Fields, next: (item: unknown) => unknown, context: DecodeContext) {
  let noted = false;
  for (const key in object) {
    const item = object[key];
    if (typeof item !== "object" || item === null) continue;
    if (!noted) {
      context.memo.set(object, object);
      noted = true;
    }
    object[key] = next(item);
  }
}

function revive(tagged: Tagged, next: (item: unknown) => unknown, context: DecodeContext) {
  const record = tagged[TAG] as Fields & { t: string };
  let revived: unknown;
  switch (record.t) {
    case "shared":
      revived = context.reviveShared(record as unknown as SharedRecord);
      break;
    case "error":
      return reviveError(
        record as unknown as ErrorRecord,
        next,
        (e) => context.memo.set(tagged, e),
      );
    case "classes":
      return reviveClasses(record, next, context);
    case "instance":
      return reviveInstance(tagged, record, next, context);
    case "object": {
      const object = record.value as Fields;
      context.memo.set(tagged, object);
      decodeFields(object, next, context);
      return object;
    }
    case "view": {
      // Only a view class is constructed: the frame may come from a sandboxed child, and a
      // forged "type" must not make this thread build any other global (a Worker, say).
      if (!VIEW_TYPES.has(record.type as string)) {
        throw new TypeError(
          `a value arrived as a view of type ${JSON.stringify(record.type)}; expected a typed ` +
            "array or DataView class name",
        );
      }
      const Type = (globalThis as unknown as Fields)[record.type as string] as new (
        buffer: ArrayBuffer,
        byteOffset: number,
        length: number,
      ) => ArrayBufferView;
      revived = new Type(
        record.buffer as ArrayBuffer,
        record.byteOffset as number,
        record.length as number,
      );
      break;
    }
    default:
      throw new TypeError(
        `a value arrived with a record of type "${String(record.t)}"; ` +
          'expected one of "shared", "error", "object" or "view" (or, for class instances, ' +
          '"classes" and "instance")',
      );
  }
  context.memo.set(tagged, revived);
  return revived;
}

function reviveClasses(record: Fields, next: (item: unknown) => unknown, context: DecodeContext) {
  const entries = record.classes;
  if (context.space === null || context.classes !== null || !Array.isArray(entries)) {
    throw new TypeError(
      "a value arrived with class instances where none were expected (or with two class lists)",
    );
  }
  context.classes = entries.map((entry) => context.space!.classOf(entry as ClassEntry));
  return next(record.value);
}

function reviveInstance(
  tagged: Tagged,
  record: Fields,
  next: (item: unknown) => unknown,
  context: DecodeContext,
): object {
  const cls = context.classes?.[record.c as number];
  const fields = record.f;
  if (cls === undefined || !isObject(fields)) {
    throw new TypeError(
      `a value arrived with an instance record of class #${String(record.c)}, which its class ` +
        "list does not name",
    );
  }
  // As Python's unpickler does: the class's prototype and the fields, without the constructor.
  const instance = Object.create(cls.prototype as object) as Fields;
  context.memo.set(tagged, instance);
  for (const key of Object.keys(fields as Fields)) {
    Object.defineProperty(instance, key, {
      value: next((fields as Fields)[key]),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return instance;
}
