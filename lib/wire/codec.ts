/**
 * How values cross to workers and child processes beyond what structured clone keeps. Structured
 * clone keeps a SharedArrayBuffer shared but drops a class's prototype and private fields, and
 * an Error's own fields and custom name; so shared objects and Errors anywhere in arrays,
 * objects, Maps, Sets and Errors' fields are sent as tagged records and revived on the other
 * side: a shared object as the same class over the same memory, an Error with its name,
 * message, stack, cause and fields (see `_error_codec.ts`). A child process gets the same,
 * minus shared memory. Values holding neither are not copied, only read once.
 *
 * Given the task module (`module`, `null` for none), instances of program-defined classes travel
 * too, as records naming their class (see `_class_space.ts`) with their own enumerable fields,
 * and arrive as instances of that class; a class that cannot be found on the other side is
 * refused with a TypeError saying how to make it travel. Without `module`, they are copied as
 * plain objects, as structured clone does.
 *
 * @module
 */
import { needsEncoding } from "./_value_check.ts";
import { classSpace, ClassTravelError } from "./_class_space.ts";
import { encodeValue } from "./_value_encode.ts";
import { decodeValue } from "./_value_decode.ts";
import { noteShared, setEncodingTarget, type SharedRecord } from "./shareable.ts";

export { encodingTarget, type Shareable, type SharedRecord, toShared } from "./shareable.ts";
export { ClassesPending, ClassTravelError } from "./_class_space.ts";

const revivers = new Map<string, (state: unknown) => unknown>();

/** Registers how to revive `kind`; every shareable class does this when its module loads. */
export function registerShared(kind: string, revive: (state: unknown) => unknown): void {
  revivers.set(kind, revive);
}

/**
 * Called by shareable constructors: from now on, payloads are also searched for shared objects
 * (until then, only for Errors).
 */
export function noteSharedObject(): void {
  noteShared();
}

/** Revives one record: the shared object it describes, over the same memory. */
export function reviveRecord(record: SharedRecord): unknown {
  const revive = revivers.get(record.kind);
  if (revive === undefined) {
    throw new TypeError(`a shared ${record.kind} arrived, but this thread cannot revive it`);
  }
  return revive(record.state);
}

/**
 * Prepares `value` for `postMessage` to a worker: replaces shared objects and Errors inside
 * arrays, objects, Maps, Sets and Errors' fields by records, adding what must be transferred
 * to `transfer`. Returns the value itself (not a copy) when it holds neither, so
 * `encoded !== value` tells that the receiver must call {@linkcode decodeShared}. That check
 * reads each element and field once, allocates nothing for plain data, and never looks inside
 * typed arrays. Objects nested deeper than 256 levels are left to structured clone as they are.
 * `targetPid`, the pid of the worker the message goes to, lets a Connection count that worker
 * as a holder of its end from now on (see `encodingTarget`).
 *
 * @throws {TypeError} if reading `value` throws (a getter, a revoked Proxy) while it is being
 * encoded: the message says so and `cause` holds what was thrown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = Object.assign(new RangeError("too big"), { code: "E_BIG" });
 * const sent = encodeShared([error], []);
 * assert.notEqual(sent, [error]);
 * const [arrived] = decodeShared(structuredClone(sent)) as [RangeError & { code: string }];
 * assert.equal(arrived.code, "E_BIG");
 * const plain = [1, [2, 3], { a: new Float64Array(4) }];
 * assert.equal(encodeShared(plain, []), plain);
 * ```
 */
export function encodeShared(
  value: unknown,
  transfer: Transferable[],
  module?: string | null,
  targetPid = 0,
): unknown {
  const classes = module !== undefined;
  if (!checked(value, false, classes)) return value;
  const transferred = transfer.length;
  const previousTarget = setEncodingTarget(targetPid);
  try {
    return encodeValue(value, transfer, false, classes ? classSpace(module) : null);
  } catch (error) {
    // Nothing of a value that failed may go out with the message.
    transfer.length = transferred;
    if (error instanceof ClassTravelError) throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new TypeError(`a value could not be read to be sent (${reason})`, { cause: error });
  } finally {
    setEncodingTarget(previousTarget);
  }
}

// A check that throws (a getter, a revoked Proxy) leaves the value to structured clone, whose
// own error the caller already reports as "cannot be cloned".
function checked(value: unknown, forProcess: boolean, classes: boolean): boolean {
  try {
    return needsEncoding(value, forProcess, classes);
  } catch {
    return false;
  }
}

/**
 * Revives the records {@linkcode encodeShared} made, in place where it can; returns the value.
 * With `module`, class instances too: a class not found throws a TypeError, and one that can be
 * found only once `module` is imported here throws `ClassesPending`; either leaves the value
 * untouched.
 */
export function decodeShared(value: unknown, module?: string | null): unknown {
  return decodeValue(value, reviveRecord, module === undefined ? null : classSpace(module));
}

// What revivers asked to release once the task being decoded for ends; null outside such a
// decode.
let taskReleases: Array<() => void> | null = null;

/**
 * Called by a reviver: `release` runs once the task whose arguments hold the revived object
 * ends, if it was revived for one (see {@linkcode decodeForTask}). A Connection closes its
 * handle then, as Python drops a task's arguments, and with them its duplicated descriptor.
 */
export function releaseAfterTask(release: () => void): void {
  taskReleases?.push(release);
}

/**
 * {@linkcode decodeShared} for a task's arguments; `release` (null if nothing asked for one)
 * is to be called when the task ends.
 */
export function decodeForTask(
  value: unknown,
  module?: string | null,
): { value: unknown; release: (() => void) | null } {
  const outer = taskReleases;
  const releases: Array<() => void> = [];
  taskReleases = releases;
  try {
    value = decodeShared(value, module);
  } finally {
    taskReleases = outer;
  }
  if (releases.length === 0) return { value, release: null };
  return { value, release: () => releases.forEach((release) => release()) };
}

/**
 * Prepares `value` for a child process (isolation: "process"), whose messages are `node:v8`
 * `serialize()`d: Errors become records as for a worker, and typed arrays and DataViews become
 * records of their whole buffer, offset and length, so views keep sharing one buffer as they
 * do under structured clone. Returns the value itself when nothing needed a record, so
 * `encoded !== value` tells that the receiver must call {@linkcode decodeFromProcess}.
 *
 * @throws {TypeError} if `value` holds a shared-memory object (a SharedValue, Lock, Queue,
 * SharedArrayBuffer…): OS processes share no memory in Deno, so it cannot cross; the message
 * names its kind and where it was.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deserialize, serialize } from "node:v8";
 * const sent = { when: new Date(0), failure: Object.assign(new Error("x"), { code: 7 }) };
 * const arrived = decodeFromProcess(deserialize(serialize(encodeForProcess(sent))));
 * assert.deepEqual(arrived, sent);
 * assert.throws(
 *   () => encodeForProcess([new Int32Array(new SharedArrayBuffer(4))]),
 *   /cannot be sent to a child process/,
 * );
 * ```
 */
export function encodeForProcess(value: unknown, module?: string | null): unknown {
  const classes = module !== undefined;
  if (!checked(value, true, classes)) return value;
  return encodeValue(value, [], true, classes ? classSpace(module) : null);
}

/**
 * Revives the records {@linkcode encodeForProcess} made, in place where it can. Harmless on a
 * value that needed none, but it reads all of it: a receiver told that the sender's
 * `encodeForProcess` returned its value unchanged can skip it. `module` as for
 * {@linkcode decodeShared}.
 */
export function decodeFromProcess(value: unknown, module?: string | null): unknown {
  return decodeValue(value, reviveRecord, module === undefined ? null : classSpace(module));
}
