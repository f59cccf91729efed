/**
 * Turning thrown values into cloneable {@linkcode Failure}s in a worker, and back into errors in
 * the parent, keeping `name`, `message`, the worker-side `stack`, `cause` and fields like `code`.
 *
 * @module
 */
import type { Failure, SerializedError } from "./protocol.ts";

const MAX_CAUSE_DEPTH = 8;

const BUILTIN_ERRORS: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError,
};

function isCloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

function serializeError(error: Error, depth: number): SerializedError {
  const props: Record<string, unknown> = {};
  let hasProps = false;
  for (const key of Object.keys(error)) {
    if (key === "cause" || key === "name" || key === "message" || key === "stack") continue;
    const value = (error as unknown as Record<string, unknown>)[key];
    if (isCloneable(value)) {
      props[key] = value;
      hasProps = true;
    }
  }
  const serialized: {
    name: string;
    message: string;
    stack: string | undefined;
    cause?: unknown;
    props?: Record<string, unknown>;
  } = { name: error.name, message: error.message, stack: error.stack };
  if (hasProps) serialized.props = props;
  if ("cause" in error && depth < MAX_CAUSE_DEPTH) {
    serialized.cause = toFailure(error.cause, depth + 1);
  }
  return serialized;
}

/** Makes a cloneable record of anything a task threw. */
export function toFailure(thrown: unknown, depth = 0): Failure {
  if (thrown instanceof Error) return { error: serializeError(thrown, depth) };
  if (isCloneable(thrown)) return { thrown };
  return { thrown: `uncloneable thrown value: ${String(thrown)}` };
}

/** Rebuilds what a worker threw: an Error of the same name, message, stack and cause. */
export function fromFailure(failure: Failure): unknown {
  if (!("error" in failure)) return failure.thrown;
  const { name, message, stack, props } = failure.error;
  const Constructor = BUILTIN_ERRORS[name] ?? Error;
  const error = new Constructor(message);
  if (error.name !== name) {
    Object.defineProperty(error, "name", {
      value: name,
      configurable: true,
      writable: true,
      enumerable: false,
    });
  }
  Object.defineProperty(error, "stack", {
    value: stack ?? `${name}: ${message}`,
    configurable: true,
    writable: true,
    enumerable: false,
  });
  if ("cause" in failure.error) {
    Object.defineProperty(error, "cause", {
      value: fromFailure(failure.error.cause as Failure),
      configurable: true,
      writable: true,
      enumerable: false,
    });
  }
  if (props) Object.assign(error, props);
  return error;
}
