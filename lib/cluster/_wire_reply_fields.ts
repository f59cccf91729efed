// What a reply says besides its values, and the options of its encoding and decoding.
import { checkIndex, malformed } from "./_wire_check.ts";
import type { DecodeOptions, EncodeOptions } from "./_wire_options.ts";

/** How one call of an `apply` batch ended. */
export type UnitOutcome =
  | { readonly call: number; readonly ok: unknown }
  | { readonly call: number; readonly error: unknown };

/** What every reply says about the entry it settles and who ran it. */
export interface ReplyFields {
  /** The call of the entry settled (for an `apply` batch, the batch's id). */
  readonly call: number;
  /** The chunk of the entry settled. */
  readonly chunk: number;
  /** The worker's consumer name. */
  readonly worker: string;
  /** How many times the entry was delivered (1 the first time). */
  readonly deliveries: number;
  /** How long the worker spent on the entry, in milliseconds. */
  readonly busyMs: number;
}

/**
 * A reply: the results of a `map`/`starmap` chunk in order (`ok`), one outcome per unit of an
 * `apply` batch (`units`), or what the whole entry failed with (`error`).
 */
export type WireReply =
  & ReplyFields
  & (
    | { readonly ok: readonly unknown[] }
    | { readonly units: readonly UnitOutcome[] }
    | { readonly error: unknown }
  );

/** How a worker encodes replies: sizes, blobs, and the pool's module. */
export interface EncodeReplyOptions extends EncodeOptions {
  /**
   * The pool's module: instances of its classes (or of registered classes) in results travel
   * as instances, as they do from a local Pool's workers. Absent or null: the pool has none.
   */
  readonly module?: string | null;
}

/** How a pool decodes replies: sizes, blobs, and its module (see {@linkcode EncodeReplyOptions}). */
export interface DecodeReplyOptions extends DecodeOptions {
  /** The pool's module, to find the classes of instances in results. */
  readonly module?: string | null;
}

/** Reads the fields every reply has; a TypeError says which is malformed. */
export function checkReplyFields(reply: unknown, what: string): ReplyFields {
  if (typeof reply !== "object" || reply === null) throw malformed(what, "it is not a record");
  const record = reply as Record<string, unknown>;
  const { worker, busyMs } = record;
  if (typeof worker !== "string") throw malformed(what, "its worker name is not a string");
  if (typeof busyMs !== "number" || !(busyMs >= 0) || !Number.isFinite(busyMs)) {
    throw malformed(what, "its busyMs is not a number ≥ 0");
  }
  return {
    call: checkIndex(record.call, "call", what),
    chunk: checkIndex(record.chunk, "chunk", what),
    worker,
    deliveries: checkIndex(record.deliveries, "deliveries", what),
    busyMs,
  };
}
