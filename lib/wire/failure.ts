/**
 * Turning a thrown value into a cloneable {@linkcode Failure} where it was thrown, and back into
 * the same value where it is caught. Errors are carried by the value codec that arguments and
 * results use (`wire/codec.ts`), so a thrown error keeps its `name`, `message`, worker-side
 * `stack`, `cause` and fields like `code`, also when those hold errors of their own. A thrown
 * value that structured clone can copy (`undefined`, `null`, a string, a plain object) arrives
 * as it was thrown, like a local call's rejection; one that cannot travel (a symbol, a function,
 * a Proxy, an object whose fields throw when read) arrives as a TypeError that describes it and
 * says why. Making a failure never throws, whatever was thrown.
 *
 * @module
 */
import { decodeShared, encodeShared } from "./codec.ts";

const NOT_ENCODED = Symbol("not encoded");

/**
 * What a failed unit threw, made cloneable by the value codec (`wire/codec.ts`): an Error
 * anywhere in it is a record keeping its name, message, stack, `cause` and own fields, which
 * structured clone would drop. `encoded` says whether the receiver must decode it.
 */
export interface Failure {
  readonly thrown: unknown;
  readonly encoded: boolean;
}

/** Why `value` cannot be cloned, or `null` if it can. */
function cloneProblem(value: unknown): string | null {
  try {
    structuredClone(value);
    return null;
  } catch (error) {
    return safeText(error);
  }
}

/** Text for any value, read without letting a getter, trap or `toString` throw. */
export function safeText(value: unknown): string {
  try {
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    return String(value);
  } catch {
    return safeKind(value);
  }
}

/** What kind of value `value` is, for a message, read without calling any of its code. */
function safeKind(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return "a function";
  if (typeof value !== "object") return typeof value;
  try {
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    return `an object (${tag}) whose text cannot be read`;
  } catch {
    return "an object (a Proxy?) that throws when it is inspected";
  }
}

/** `value instanceof Error`, false for a Proxy whose check throws. */
export function isError(value: unknown): value is Error {
  try {
    return value instanceof Error;
  } catch {
    return false; // a Proxy whose getPrototypeOf trap throws, or a revoked one
  }
}

/** `error[key]` when it is a string; undefined when it is not, or its getter throws. */
export function readText(
  error: Error,
  key: "name" | "message" | "stack",
): string | undefined {
  try {
    const value = error[key];
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

function describeThrown(thrown: unknown): string {
  if (typeof thrown === "symbol") return `the symbol ${safeText(thrown)}`;
  if (typeof thrown === "function") {
    let name = "";
    try {
      name = typeof thrown.name === "string" ? thrown.name : "";
    } catch {
      // a throwing `name` getter: the function stays unnamed in the message
    }
    return name === "" ? "an anonymous function" : `the function ${name}`;
  }
  const text = safeText(thrown);
  return typeof thrown === "object" && text.startsWith("an object") ? text : `"${text}"`;
}

/** Makes a cloneable record of anything a task threw; never throws. */
export function toFailure(thrown: unknown): Failure {
  let encoded: unknown = NOT_ENCODED;
  let problem = "the value codec could not read it";
  try {
    encoded = encodeShared(thrown, []);
  } catch (error) {
    problem = safeText(error);
  }
  if (encoded !== NOT_ENCODED) {
    const cloneFailure = cloneProblem(encoded);
    if (cloneFailure === null) return { thrown: encoded, encoded: encoded !== thrown };
    problem = cloneFailure;
  }
  // An Error with a field that cannot travel (a MessagePort, say) must not lose the error itself.
  if (isError(thrown)) {
    const bare = new Error(readText(thrown, "message") ?? "");
    bare.name = readText(thrown, "name") ?? "Error";
    const stack = readText(thrown, "stack");
    if (stack !== undefined) bare.stack = stack;
    return { thrown: encodeShared(bare, []), encoded: true };
  }
  const stand = new TypeError(
    `the task threw ${describeThrown(thrown)}, which cannot be sent back to the caller ` +
      `(${problem}); throw an Error, or a value structured clone can copy`,
  );
  return { thrown: encodeShared(stand, []), encoded: true };
}

/** Rebuilds what was thrown: an Error of the same name, message, stack, cause and fields. */
export function fromFailure(failure: Failure): unknown {
  return failure.encoded ? decodeShared(failure.thrown) : failure.thrown;
}
