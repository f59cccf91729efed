/**
 * Stream entries as Redis returns them to `callBuffer` (RESP2: arrays of Buffers), read into the
 * broker's types. Anyone who can write to a queue can write anything to it, so every shape is
 * checked: an entry whose header is not what a pool writes is reported, not guessed at.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { Delivery, TaskEnvelope } from "./broker.ts";
import { checkName } from "./keys.ts";

/** A stream entry: its id and its fields (null when the entry was deleted). */
export interface RawEntry {
  readonly id: string;
  readonly fields: Map<string, Buffer> | null;
}

/** A view of `bytes` as a Buffer, without copying, so ioredis sends it as binary. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A Buffer's bytes as a plain Uint8Array over the same memory. */
export function asBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function text(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString("latin1");
  if (typeof value === "string" || typeof value === "number") return String(value);
  throw new TypeError(`Redis answered ${describe(value)} where a string was expected`);
}

function describe(value: unknown): string {
  return Array.isArray(value) ? `an array of ${value.length}` : typeof value;
}

/** Reads `[id, [field, value, …] | null]`. */
export function readEntry(raw: unknown): RawEntry {
  if (!Array.isArray(raw) || raw.length !== 2) {
    throw new TypeError(`Redis answered ${describe(raw)} where a stream entry was expected`);
  }
  const [id, flat] = raw;
  if (flat === null) return { id: text(id), fields: null };
  if (!Array.isArray(flat) || flat.length % 2 !== 0) {
    throw new TypeError(`Redis answered ${describe(flat)} where an entry's fields were expected`);
  }
  const fields = new Map<string, Buffer>();
  for (let i = 0; i < flat.length; i += 2) {
    const value = flat[i + 1];
    if (!Buffer.isBuffer(value)) throw new TypeError("Redis answered a field that is no string");
    fields.set(text(flat[i]), value);
  }
  return { id: text(id), fields };
}

/** Reads a list of entries. */
export function readEntries(raw: unknown): RawEntry[] {
  if (!Array.isArray(raw)) {
    throw new TypeError(`Redis answered ${describe(raw)} where a list of entries was expected`);
  }
  return raw.map(readEntry);
}

/** Reads an `XREAD`/`XREADGROUP` answer for one stream (null: nothing came). */
export function readStreamReply(raw: unknown): RawEntry[] {
  if (raw === null) return [];
  if (!Array.isArray(raw) || raw.length !== 1 || !Array.isArray(raw[0]) || raw[0].length !== 2) {
    throw new TypeError(`Redis answered ${describe(raw)} where one stream's entries were expected`);
  }
  return readEntries(raw[0][1]);
}

/** Reads an `XAUTOCLAIM` answer: the next cursor and the entries claimed. */
export function readAutoclaim(raw: unknown): { cursor: string; entries: RawEntry[] } {
  if (!Array.isArray(raw) || raw.length < 2) {
    throw new TypeError(`Redis answered ${describe(raw)} where XAUTOCLAIM's reply was expected`);
  }
  return { cursor: text(raw[0]), entries: readEntries(raw[1]) };
}

/** The fields of a task entry. */
export function taskFields(entry: TaskEnvelope): (string | Buffer)[] {
  return ["v", String(entry.version), "pool", entry.pool, "body", asBuffer(entry.body)];
}

/** Checks an envelope before it is written. */
export function checkEnvelope(entry: TaskEnvelope, index: number): void {
  if (typeof entry !== "object" || entry === null) {
    throw new TypeError(`Entry ${index} must be an object, received ${entry}`);
  }
  if (!Number.isSafeInteger(entry.version) || entry.version < 0) {
    throw new RangeError(
      `Entry ${index}: the wire version must be an integer ≥ 0, received ${entry.version}`,
    );
  }
  checkName(entry.pool, "pool id");
  if (!(entry.body instanceof Uint8Array)) {
    throw new TypeError(`Entry ${index}: the body must be a Uint8Array, received ${typeof entry}`);
  }
}

/**
 * The delivery an entry is, or why it is not one (a deleted entry, a field missing, a version
 * that is no integer, a pool id that could not have been written by a pool).
 */
export function toDelivery(entry: RawEntry, deliveries: number): Delivery | string {
  const { id, fields } = entry;
  if (fields === null) return `entry ${id} was deleted`;
  const version = fields.get("v")?.toString("latin1");
  const pool = fields.get("pool")?.toString("utf8");
  const body = fields.get("body");
  if (version === undefined || pool === undefined || body === undefined) {
    return `entry ${id} lacks one of the fields v, pool, body`;
  }
  if (!/^(0|[1-9][0-9]{0,14})$/.test(version)) {
    return `entry ${id} has the wire version ${JSON.stringify(version.slice(0, 40))}`;
  }
  try {
    checkName(pool, "pool id");
  } catch (error) {
    return `entry ${id}: ${(error as Error).message}`;
  }
  return { id, deliveries, version: Number(version), pool, body: asBytes(body) };
}

/** Checks a stream id (`<ms>-<seq>`, or a bare `<ms>` where `bare` allows it). */
export function checkStreamId(id: unknown, bare = false): string {
  const pattern = bare ? /^[0-9]{1,20}(-[0-9]{1,20})?$/ : /^[0-9]{1,20}-[0-9]{1,20}$/;
  if (typeof id !== "string" || !pattern.test(id)) {
    throw new TypeError(
      `A stream id is "<milliseconds>-<sequence>"${bare ? ' (or "0")' : ""}, received ${
        JSON.stringify(id)
      }`,
    );
  }
  return id;
}
