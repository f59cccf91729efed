/**
 * How shared-memory objects cross to workers. Structured clone keeps a SharedArrayBuffer shared
 * but drops a class's prototype and private fields, so a shared object is sent as a tagged
 * record of its buffers and revived on the other side as the same class, over the same memory.
 *
 * @module
 */

/** Implemented by classes that can be passed to tasks and Processes. */
export const toShared: unique symbol = Symbol.for("multiproc.toShared");

/** Something passable to a worker: it describes itself in cloneable state. */
export interface Shareable {
  /** The kind registered with {@linkcode registerShared}, and cloneable state to revive from. */
  [toShared](): SharedRecord;
}

/** The cloneable stand-in for a shared object while it travels. */
export interface SharedRecord {
  readonly kind: string;
  readonly state: unknown;
  /** Objects in `state` that must be transferred, not cloned (a MessagePort, say). */
  readonly transfer?: readonly Transferable[];
}

const TAG = "$multiprocShared";
const MAX_DEPTH = 8;
const revivers = new Map<string, (state: unknown) => unknown>();
// Payloads are searched only once this thread has seen a shared object, so code that never uses
// one pays nothing per call.
let sharedObjectsSeen = false;

/** Registers how to revive `kind`; every shareable class does this when its module loads. */
export function registerShared(kind: string, revive: (state: unknown) => unknown): void {
  revivers.set(kind, revive);
}

/** Called by shareable constructors: from now on, payloads are searched for shared objects. */
export function noteSharedObject(): void {
  sharedObjectsSeen = true;
}

function isShareable(value: object): value is Shareable {
  return typeof (value as Partial<Shareable>)[toShared] === "function";
}

function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function encode(value: unknown, depth: number, transfer: Transferable[]): unknown {
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return value;
  if (isShareable(value)) {
    const record = value[toShared]();
    if (record.transfer !== undefined) transfer.push(...record.transfer);
    return { [TAG]: { kind: record.kind, state: record.state } };
  }
  if (!isPlainContainer(value)) return value;
  let copy: Record<string, unknown> | unknown[] | null = null;
  for (const [key, item] of Object.entries(value)) {
    const encoded = encode(item, depth + 1, transfer);
    if (encoded !== item) {
      copy ??= Array.isArray(value) ? [...value] : { ...value };
      (copy as Record<string, unknown>)[key] = encoded;
    }
  }
  return copy ?? value;
}

/**
 * Replaces shared objects inside arrays and plain objects with their records, adding what must
 * be transferred to `transfer`. Returns the value itself (not a copy) when there are none.
 */
export function encodeShared(value: unknown, transfer: Transferable[]): unknown {
  return sharedObjectsSeen ? encode(value, 0, transfer) : value;
}

/** Revives one record: the shared object it describes, over the same memory. */
export function reviveRecord(record: SharedRecord): unknown {
  const revive = revivers.get(record.kind);
  if (revive === undefined) {
    throw new TypeError(`a shared ${record.kind} arrived, but this thread cannot revive it`);
  }
  return revive(record.state);
}

function decode(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return value;
  const record = (value as Record<string, unknown>)[TAG] as SharedRecord | undefined;
  if (record !== undefined && Object.keys(value).length === 1) return reviveRecord(record);
  if (!isPlainContainer(value)) return value;
  const target = value as Record<string, unknown>;
  for (const key of Object.keys(target)) target[key] = decode(target[key], depth + 1);
  return value;
}

/** Revives the records {@linkcode encodeShared} made, in place. */
export function decodeShared(value: unknown): unknown {
  return decode(value, 0);
}
