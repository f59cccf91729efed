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

// The pid of the thread that what is being encoded is posted to; 0 when unknown.
let target = 0;

/**
 * The pid of the worker the value being encoded goes to (0 if the sender did not say): a
 * shared object that counts its holders (a Connection) learns who holds the copy before it
 * arrives, so a worker that dies before reviving it is not waited for.
 */
export function encodingTarget(): number {
  return target;
}

/** Sets what {@linkcode encodingTarget} returns; returns the previous target to restore. */
export function setEncodingTarget(pid: number): number {
  const previous = target;
  target = pid;
  return previous;
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
