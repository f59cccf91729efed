// Big arguments and results travel once, as blobs: each is stored through a `putBlob`-shaped
// callback and its entry carries only the key. A BlobCache remembers, by content (SHA-256), what
// was stored and until when, so 16 chunks sharing one argument store it once, and a value
// changed between calls is stored anew rather than taken for the old one.
import { BodyType, deserializeSection, readBody, writeBody } from "./_wire_frame.ts";
import { malformed } from "./_wire_check.ts";

/** Stores bytes for `ttlMs`, resolving with their key (`Broker.putBlob`). */
export type PutBlob = (bytes: Uint8Array, ttlMs: number) => Promise<string>;
/** The bytes stored under a key, or null once they expired (`Broker.getBlob`). */
export type GetBlob = (key: string) => Promise<Uint8Array | null>;

/**
 * What was stored, by content, so that a blob shared by many entries is stored once while it
 * lives. Keep one per pool (or worker) and pass it to every encode.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BlobCache, encodeTask } from "./wire.ts";
 * const store = new Map<string, Uint8Array>();
 * const putBlob = (bytes: Uint8Array) => {
 *   const key = `blob:${store.size}`;
 *   store.set(key, bytes);
 *   return Promise.resolve(key);
 * };
 * const blobCache = new BlobCache();
 * const big = new Float64Array(200_000);
 * for (const chunk of [0, 1]) {
 *   const task = { module: "https://example.com/tasks.ts", name: "scale" };
 *   const items = [[big, 2]];
 *   await encodeTask({ call: 1, chunk, kind: "starmap", task, items }, "pool-a", { putBlob, blobCache });
 * }
 * assert.equal(store.size, 1);
 * ```
 */
export class BlobCache {
  readonly #stored = new Map<string, { readonly key: Promise<string>; readonly until: number }>();

  /** The key of `blob`, stored through `put` unless it was stored and has half its TTL left. */
  async keyOf(blob: Uint8Array, ttlMs: number, put: PutBlob): Promise<string> {
    const digest = await crypto.subtle.digest("SHA-256", blob as Uint8Array<ArrayBuffer>);
    const id = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
    const now = Date.now();
    const known = this.#stored.get(id);
    if (known !== undefined && known.until > now) return known.key;
    for (const [other, entry] of this.#stored) if (entry.until <= now) this.#stored.delete(other);
    const key = put(blob, ttlMs);
    // Reused only while at least half the blob's time is left: an entry sent now finds it.
    this.#stored.set(id, { key, until: now + ttlMs / 2 });
    key.catch(() => this.#stored.delete(id));
    return key;
  }

  /** Forgets every blob stored (after the server lost its data, say): the next use stores anew. */
  clear(): void {
    this.#stored.clear();
  }
}

/** Stores each blob (already framed) once; resolves with their keys, in order. */
export function storeBlobs(
  blobs: readonly Uint8Array[],
  ttlMs: number,
  put: PutBlob | undefined,
  cache: BlobCache,
): Promise<string[]> {
  if (blobs.length === 0) return Promise.resolve([]);
  if (put === undefined) {
    throw new TypeError(
      `${blobs.length} value(s) are bigger than blobThreshold and must be stored as blobs, but ` +
        "no putBlob option was given: pass { putBlob: broker.putBlob.bind(broker) }",
    );
  }
  return Promise.all(blobs.map((blob) => cache.keyOf(blob, ttlMs, put)));
}

/** One value as a blob's bytes: framed, so that a reader knows them for what they are. */
export function frameBlob(serialized: Uint8Array, version: number): Uint8Array {
  return writeBody(BodyType.Blob, version, null, serialized);
}

/**
 * Fetches and deserializes the blobs `keys` name, each checked (size, frame, version) before it
 * is deserialized, and then by `check` with its size in bytes; a missing one fails naming its
 * key.
 */
export async function fetchBlobs(
  keys: readonly string[],
  get: GetBlob | undefined,
  maxBytes: number,
  version: number,
  what: string,
  check: (value: unknown, bytes: number, where: string) => void,
): Promise<unknown[]> {
  if (keys.length === 0) return [];
  if (get === undefined) {
    throw new TypeError(
      `${what} refers to ${keys.length} blob(s) (big values stored apart), but no getBlob ` +
        "option was given to fetch them: pass { getBlob: broker.getBlob.bind(broker) }",
    );
  }
  const fetched = await Promise.all(keys.map((key) => get(key)));
  return fetched.map((bytes, i) => {
    const key = keys[i]!;
    if (bytes === null) {
      throw new Error(
        `${what} refers to the blob "${key}", which is missing: it expired (or was deleted) ` +
          "before the entry was read. Blobs live for blobTtlMs; raise it for entries that wait " +
          "long in the queue",
      );
    }
    const where = `the blob "${key}" of ${what}`;
    if (bytes.byteLength > maxBytes) {
      throw new RangeError(
        `${where} takes ${bytes.byteLength} bytes, more than maxEntryBytes (${maxBytes}); ` +
          "it was not deserialized. Raise maxEntryBytes on this side to accept it",
      );
    }
    const sections = readBody(bytes, BodyType.Blob, where);
    if (sections.version !== version) {
      throw malformed(where, `it is of wire version ${sections.version}, its entry of ${version}`);
    }
    const value = deserializeSection(sections.values, where);
    check(value, bytes.byteLength, where);
    return value;
  });
}
