// What makes an object shareable, and whether this thread has made any: kept apart from
// transport.ts so that the value codec can test for shared objects without importing it.

/** Implemented by classes that can be passed to tasks and Processes. */
export const toShared: unique symbol = Symbol.for("multiproc.toShared");

/** Something passable to a worker: it describes itself in cloneable state. */
export interface Shareable {
  /** The kind registered with `registerShared`, and cloneable state to revive from. */
  [toShared](): SharedRecord;
}

/** The cloneable stand-in for a shared object while it travels. */
export interface SharedRecord {
  readonly kind: string;
  readonly state: unknown;
  /** Objects in `state` that must be transferred, not cloned (a MessagePort, say). */
  readonly transfer?: readonly Transferable[];
}

// Payloads are searched for shared objects only once this thread has made one (a payload that
// arrived with one revived it, which counts), so code that never uses one skips the test.
let seen = false;

/** True once a shareable object was constructed in this thread. */
export function sharedObjectsSeen(): boolean {
  return seen;
}

/** Notes that a shareable object was constructed in this thread. */
export function noteShared(): void {
  seen = true;
}

/** Whether `value` describes itself for a worker. */
export function isShareable(value: object): value is Shareable {
  return typeof (value as Partial<Shareable>)[toShared] === "function";
}

/** The class name of a shareable object, for messages: "SharedValue", "Lock"… */
export function shareableKind(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? name : "shared object";
}
