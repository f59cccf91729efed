/**
 * The short form of the commonest `results` message a worker thread sends: plain values, none
 * failed, none skipped, nothing to decode. Deno's `postMessage` copies a flat array of numbers
 * faster than the seven-field object (measured here: ~3 µs of a ~20 µs round trip), and one
 * awaited `apply()` at a time pays it on every trip. The parent turns it back into the object
 * before checking it, so a forged short form is checked as any other `results` message.
 *
 * @module
 */
import type { ResultsMessage } from "./protocol.ts";

/** `[first, busyMs, ...values]`: a `results` message with no failures, skips or shared values. */
export type PlainResults = readonly [first: number, busyMs: number, ...values: unknown[]];

// Longer batches keep the object form: spreading them would cost more than the fields save.
const MAX_PLAIN_VALUES = 16;

/** The short form of `message`, or `null` if it does not qualify. */
export function packPlainResults(message: ResultsMessage): PlainResults | null {
  const values = message.values;
  if (
    message.skipped !== 0 || message.failures !== null || message.shared !== null ||
    values.length > MAX_PLAIN_VALUES
  ) return null;
  const packed: unknown[] = [message.first, message.busyMs];
  for (let i = 0; i < values.length; i++) packed.push(values[i]);
  return packed as unknown as PlainResults;
}

/**
 * The `results` message a short form stands for; anything else as it came. Never throws: what
 * comes out is checked as a message (a short form too short, or with a `first` or `busyMs` that
 * is not a number, then fails that check).
 */
export function unpackPlainResults(message: unknown): unknown {
  if (!Array.isArray(message) || message.length < 2) return message;
  return {
    type: "results",
    first: message[0],
    skipped: 0,
    values: message.slice(2),
    failures: null,
    busyMs: message[1],
    shared: null,
  } satisfies Record<keyof ResultsMessage, unknown>;
}
