// The encoder behind codec.ts: a copy of a value with tagged records in place of Errors,
// shared objects, class instances and (for a child process) typed arrays. Only containers with
// an object inside are copied; each object is encoded once, so shared references and cycles stay
// so. A value with class instances is wrapped in a "classes" record that lists their classes
// once, so the receiver finds every class before it revives anything.
import { encodeError } from "./_error_codec.ts";
import { classOf, NO_CLASS } from "./_class_of.ts";
import { type ClassEntry, type ClassSpace, ClassTravelError } from "./_class_space.ts";
import type { ClassObject } from "./class_registry.ts";
import { isShareable, sharedObjectsSeen, toShared } from "./shareable.ts";
import { crossProcessError } from "./_cross_process.ts";
import { isPlainObject, MAX_DEPTH, TAG, type Tagged } from "./_value_check.ts";

interface EncodeContext {
  readonly transfer: Transferable[];
  readonly forProcess: boolean;
  readonly root: unknown;
  /** Each object met → what replaces it, so shared references and cycles stay so. */
  readonly memo: Map<object, unknown>;
  /** Where classes are named; `null`: instances are copied as plain objects. */
  readonly space: ClassSpace | null;
  /** Each class met → its position in `entries`. */
  readonly classes: Map<ClassObject, number>;
  readonly entries: ClassEntry[];
}

/**
 * A copy of `value` with records in place of what {@linkcode needsEncoding} looks for; with a
 * class `space`, class instances too (a class that cannot travel throws a ClassTravelError).
 */
export function encodeValue(
  value: unknown,
  transfer: Transferable[],
  forProcess: boolean,
  space: ClassSpace | null = null,
): unknown {
  const context: EncodeContext = {
    transfer,
    forProcess,
    root: value,
    memo: new Map(),
    space,
    classes: new Map(),
    entries: [],
  };
  const encoded = encode(value, 0, context);
  if (context.entries.length === 0) return encoded;
  return { [TAG]: { t: "classes", classes: context.entries, value: encoded } };
}

function encode(value: unknown, depth: number, context: EncodeContext): unknown {
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return value;
  const known = context.memo.get(value);
  if (known !== undefined) return known;
  const next = (item: unknown) => encode(item, depth + 1, context);
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item !== "object" || item === null) continue;
      if (copy === null) {
        copy = value.slice(); // keeps holes
        context.memo.set(value, copy);
      }
      copy[i] = next(item);
    }
    return copy ?? value;
  }
  if (isPlainObject(value)) return encodeObject(value, next, context);
  if (ArrayBuffer.isView(value)) return context.forProcess ? viewRecord(value, context) : value;
  if (value instanceof Error) {
    let tagged: Tagged | null = null;
    encodeError(value, next, (record) => context.memo.set(value, tagged = { [TAG]: record }));
    return tagged;
  }
  if (value instanceof Map) {
    const copy = new Map();
    context.memo.set(value, copy);
    for (const [key, item] of value) copy.set(next(key), next(item));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set();
    context.memo.set(value, copy);
    for (const item of value) copy.add(next(item));
    return copy;
  }
  if (context.forProcess) {
    if (value instanceof SharedArrayBuffer || isShareable(value)) {
      throw crossProcessError(context.root, value);
    }
  } else if (sharedObjectsSeen() && isShareable(value)) {
    const record = value[toShared]();
    if (record.transfer !== undefined) context.transfer.push(...record.transfer);
    const tagged = { [TAG]: { t: "shared", kind: record.kind, state: record.state } };
    context.memo.set(value, tagged);
    return tagged;
  }
  if (context.space !== null) {
    const found = classOf(value);
    if (found === NO_CLASS) throw classlessError(value);
    if (found !== null) return encodeInstance(value, found, next, context);
  }
  // A Date, say: structured clone copies its own fields into a plain object too.
  return encodeObject(value as Record<string, unknown>, next, context);
}

function encodeInstance(
  instance: object,
  cls: ClassObject,
  next: (item: unknown) => unknown,
  context: EncodeContext,
): Tagged {
  let c = context.classes.get(cls);
  if (c === undefined) {
    c = context.entries.push(context.space!.entryOf(cls)) - 1;
    context.classes.set(cls, c);
  }
  // Own enumerable fields, as Python pickles an instance's __dict__; #private ones are unreadable.
  const fields: Record<string, unknown> = Object.create(null);
  const tagged = { [TAG]: { t: "instance", c, f: fields } };
  context.memo.set(instance, tagged);
  for (const key of Object.keys(instance)) {
    fields[key] = next((instance as Record<string, unknown>)[key]);
  }
  return tagged;
}

function classlessError(value: object): ClassTravelError {
  const prototype = Object.getPrototypeOf(value);
  const keys = Object.getOwnPropertyNames(prototype).slice(0, 3).join(", ");
  return new ClassTravelError(
    `an object whose prototype is not a class's (made by Object.create(proto)? its prototype ` +
      `has ${keys === "" ? "no own properties" : keys}) cannot be sent: it would arrive as a ` +
      "plain object without what its prototype gives it. Send a plain object, or an instance " +
      "of a class exported from the pool's module (or registered with registerClass())",
  );
}

function encodeObject(
  object: Record<string, unknown>,
  next: (item: unknown) => unknown,
  context: EncodeContext,
): unknown {
  const keys = Object.keys(object);
  let inner = false;
  for (const key of keys) {
    const item = object[key];
    if (key === TAG || (typeof item === "object" && item !== null)) {
      inner = true;
      break;
    }
  }
  if (!inner) return object;
  // Null prototype: a "__proto__" key is copied as a key. Clones get Object.prototype back.
  const copy: Record<string, unknown> = Object.create(null);
  context.memo.set(
    object,
    Object.hasOwn(object, TAG) ? { [TAG]: { t: "object", value: copy } } : copy,
  );
  for (const key of keys) copy[key] = next(object[key]);
  return context.memo.get(object);
}

function viewRecord(view: ArrayBufferView, context: EncodeContext): Tagged {
  if (view.buffer instanceof SharedArrayBuffer) throw crossProcessError(context.root, view);
  const tagged = {
    [TAG]: {
      t: "view",
      type: Object.prototype.toString.call(view).slice(8, -1), // a Buffer goes as Uint8Array
      buffer: view.buffer,
      byteOffset: view.byteOffset,
      length: view instanceof DataView ? view.byteLength : (view as Uint8Array).length,
    },
  };
  context.memo.set(view, tagged);
  return tagged;
}
