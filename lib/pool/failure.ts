/**
 * Turning a thrown value into a cloneable {@linkcode Failure} where it was thrown, and back into
 * the same value where it is caught. Errors are carried by the value codec that arguments and
 * results use (`shared/transport.ts`), so a thrown error keeps its `name`, `message`, worker-side
 * `stack`, `cause` and fields like `code`, also when those hold errors of their own.
 *
 * @module
 */
import { decodeShared, encodeShared } from "../shared/transport.ts";
import type { Failure } from "./protocol.ts";

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/** Makes a cloneable record of anything a task threw. */
export function toFailure(thrown: unknown): Failure {
  let encoded: unknown;
  try {
    encoded = encodeShared(thrown, []);
  } catch {
    encoded = undefined;
  }
  if (encoded !== undefined && cloneable(encoded)) {
    return { thrown: encoded, encoded: encoded !== thrown };
  }
  // A field that cannot travel (a MessagePort, say) must not lose the error itself.
  if (thrown instanceof Error) {
    const bare = new Error(thrown.message);
    bare.name = thrown.name;
    if (thrown.stack !== undefined) bare.stack = thrown.stack;
    return { thrown: encodeShared(bare, []), encoded: true };
  }
  return { thrown: `uncloneable thrown value: ${String(thrown)}`, encoded: false };
}

/** Rebuilds what was thrown: an Error of the same name, message, stack, cause and fields. */
export function fromFailure(failure: Failure): unknown {
  return failure.encoded ? decodeShared(failure.thrown) : failure.thrown;
}
