/**
 * The short form of the commonest `run` message a worker thread receives: one call of a task
 * given by name and source, with arguments that need no decoding (one awaited `apply()` at a
 * time sends nothing else). Deno's `postMessage` clones a flat array faster than the six-field
 * object with its nested arrays and reference object, and each trip pays it; the worker turns it
 * back into the object before anything reads it. The parent is the only sender on this port.
 *
 * @module
 */
import { type RunMessage, UnitKind } from "./protocol.ts";

/** `[name, source, args]`: a `run` message of one `apply` unit, no shared values, nothing kept. */
export type PlainRun = readonly [name: string, source: string, args: unknown];

/** The short form of `message`, or `null` if it does not qualify. */
export function packPlainRun(message: RunMessage): PlainRun | null {
  if (message.payloads.length !== 1 || message.shared !== null || message.keep !== undefined) {
    return null;
  }
  const ref = message.refs[0]!;
  if (
    message.kinds[0] !== UnitKind.Apply || ref.twins !== undefined || ref.noSource !== undefined
  ) {
    return null;
  }
  return [ref.name, ref.source, message.payloads[0]];
}

/** The `run` message a short form stands for; anything else as it came. */
export function unpackPlainRun<T>(message: T | PlainRun): T | RunMessage {
  if (!Array.isArray(message)) return message as T;
  const [name, source, args] = message as PlainRun;
  return {
    type: "run",
    refs: [{ name, source }],
    refIndex: [0],
    kinds: [UnitKind.Apply],
    payloads: [args],
    shared: null,
  };
}
