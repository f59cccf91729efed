// The wire's version, defaults and options, shared by task entries and replies.
import type { BlobCache, GetBlob, PutBlob } from "./_wire_blobs.ts";

/**
 * The version of the bytes this module writes and reads. A reader refuses any other: `node:v8`
 * reads older serialization formats, not newer ones, so a newer writer is never guessed at.
 */
export const WIRE_VERSION = 1;
/** Values whose serialization takes more bytes than this (512 KiB) travel once, as blobs. */
export const DEFAULT_BLOB_THRESHOLD: number = 512 * 1024;
/** The most bytes an entry, a reply or a blob may take (64 MiB); more is refused unread. */
export const DEFAULT_MAX_ENTRY_BYTES: number = 64 * 1024 * 1024;
/** How long a blob is kept (30 minutes): longer than an entry is expected to wait. */
export const DEFAULT_BLOB_TTL_MS: number = 30 * 60 * 1000;

/** How big values are sent: the sizes, and where blobs go. */
export interface EncodeOptions {
  /** Values serialized bigger than this go to blobs; default {@linkcode DEFAULT_BLOB_THRESHOLD}. */
  readonly blobThreshold?: number;
  /** The most bytes an encoded body or blob may take; default {@linkcode DEFAULT_MAX_ENTRY_BYTES}. */
  readonly maxEntryBytes?: number;
  /** Stores a blob (`Broker.putBlob`); needed only when some value is over the threshold. */
  readonly putBlob?: PutBlob;
  /** How long blobs live; default {@linkcode DEFAULT_BLOB_TTL_MS}. */
  readonly blobTtlMs?: number;
  /** Remembers blobs stored, so that values shared by many entries are stored once. */
  readonly blobCache?: BlobCache;
}

/** How entries and replies are read. */
export interface DecodeOptions {
  /** Bodies and blobs bigger than this are refused unread; default {@linkcode DEFAULT_MAX_ENTRY_BYTES}. */
  readonly maxEntryBytes?: number;
  /** Fetches a blob (`Broker.getBlob`); needed only when the body refers to one. */
  readonly getBlob?: GetBlob;
}

/** Options with their defaults, checked. */
export interface Limits {
  /** Values serialized bigger than this go to blobs. */
  readonly blobThreshold: number;
  /** The most bytes a body or blob may take. */
  readonly maxEntryBytes: number;
  /** How long blobs live. */
  readonly blobTtlMs: number;
}

/** Reads and checks the size options; a TypeError or RangeError names the bad one. */
export function limitsOf(options: EncodeOptions & DecodeOptions): Limits {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`wire options must be an object, received ${options}`);
  }
  const read = (name: keyof Limits, fallback: number, least: number, infinite: boolean) => {
    const value = options[name] ?? fallback;
    if (
      typeof value !== "number" || Number.isNaN(value) || (!infinite && !Number.isFinite(value))
    ) {
      throw new TypeError(`wire option ${name} must be a number of bytes or ms, received ${value}`);
    }
    if (value < least) {
      throw new RangeError(`wire option ${name} must be ≥ ${least}, received ${value}`);
    }
    return value;
  };
  return {
    blobThreshold: read("blobThreshold", DEFAULT_BLOB_THRESHOLD, 0, true),
    maxEntryBytes: read("maxEntryBytes", DEFAULT_MAX_ENTRY_BYTES, 1, false),
    blobTtlMs: read("blobTtlMs", DEFAULT_BLOB_TTL_MS, 1, false),
  };
}

/** The RangeError for `what` taking `size` bytes, over `maxEntryBytes`. */
export function tooBig(what: string, size: number, max: number, advice: string): RangeError {
  return new RangeError(
    `${what} takes ${size} bytes, more than maxEntryBytes (${max} bytes): ${advice}`,
  );
}

/** The Error for a body of wire version `found` where this side reads {@linkcode WIRE_VERSION}. */
export function versionError(what: string, found: unknown): Error {
  return new Error(
    `${what} is of wire version ${String(found)}, but this side reads only version ` +
      `${WIRE_VERSION}: it was refused unread (node:v8 reads older formats, not newer ones). ` +
      "Run the same multiproc version on the pool and its workers",
  );
}
