// What makes an object shareable, how its class revives it, and whether this thread has made
// any: kept apart from codec.ts so that the value codec can test for shared objects without
// importing it.

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

/**
 * What a shareable class's reviver passes its own constructor instead of a user's arguments: the
 * state of the copy sent to this thread, which the instance adopts instead of making new memory.
 * A constructor tells it apart with `instanceof`, so no user argument is ever taken for it, and
 * each class's revival stays a private static factory calling its constructor with one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Lock } from "../shared/lock.ts";
 * const lock = new Lock();
 * const sent = lock[toShared]().state as SharedArrayBuffer;
 * // What Lock's reviver does in the thread the lock was sent to: a Lock over the same memory.
 * const copy = new Lock(new Revival(new Int32Array(sent)));
 * await lock.acquire();
 * assert.equal(copy.isLocked(), true);
 * copy.release();
 * ```
 */
export class Revival<S> {
  /** The state to adopt: memory (and the locks it needs) as the sender described it. */
  readonly state: S;

  /** Wraps `state` for a constructor's revival overload. */
  constructor(state: S) {
    this.state = state;
  }
}

/**
 * Revives an instance of `Class` through its base class's constructor, for a subclass whose own
 * constructor takes other arguments than its base's (BoundedSemaphore, SimpleQueue): `Base`'s
 * constructor adopts `state` and `Class` gives the instance its prototype; `Class`'s own
 * constructor does not run, so it must add no state of its own.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BoundedSemaphore, Semaphore } from "../shared/semaphore.ts";
 * const cells = new Int32Array(new SharedArrayBuffer(8)).fill(1);
 * const bounded = reviveAs(Semaphore, cells, BoundedSemaphore);
 * assert.ok(bounded instanceof BoundedSemaphore);
 * assert.throws(() => bounded.release(), /released too many times/);
 * ```
 */
export function reviveAs<S, B, T extends B>(
  Base: new (revival: Revival<S>) => B,
  state: S,
  Class: abstract new (...args: never) => T,
): T {
  return Reflect.construct(Base, [new Revival(state)], Class);
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
