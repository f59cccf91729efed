// The byte layout shared by task bodies, replies and blobs: an 8-byte prefix that is read before
// anything is deserialized, then two `node:v8` sections. The prefix is "mp", a type byte, the wire
// version, and the header section's length (u32, little-endian); the header (call ids, kind,
// task, blob keys) comes next, and the values (arguments or results) take the rest, so a reader
// can check the header, and refuse the entry, before it deserializes a single value.
import { deserialize, serialize } from "../wire/_node_v8.ts";

const MAGIC_0 = 0x6d; // "m"
const MAGIC_1 = 0x70; // "p"
const PREFIX_BYTES = 8;

/** What a body holds: a task entry, a reply, or one stored argument or result. */
export const BodyType = { Task: 0x74, Reply: 0x72, Blob: 0x62 } as const;
/** One of {@linkcode BodyType}'s values. */
export type BodyType = typeof BodyType[keyof typeof BodyType];

const TYPE_NAMES: Record<number, string> = { 0x74: "task entry", 0x72: "reply", 0x62: "blob" };

/** A body's two sections, still undeserialized. */
export interface Sections {
  readonly version: number;
  readonly header: Uint8Array;
  readonly values: Uint8Array;
}

/** Lays out a body from its two already serialized sections. */
export function writeBody(
  type: BodyType,
  version: number,
  header: Uint8Array | null,
  values: Uint8Array,
): Uint8Array {
  const headerBytes = header?.byteLength ?? 0;
  const body = new Uint8Array(PREFIX_BYTES + headerBytes + values.byteLength);
  body[0] = MAGIC_0;
  body[1] = MAGIC_1;
  body[2] = type;
  body[3] = version;
  new DataView(body.buffer).setUint32(4, headerBytes, true);
  if (header !== null) body.set(header, PREFIX_BYTES);
  body.set(values, PREFIX_BYTES + headerBytes);
  return body;
}

/**
 * Cuts `body` into its sections without deserializing anything; throws a TypeError naming
 * `what` for bytes that are not a body of `type`.
 */
export function readBody(body: Uint8Array, type: BodyType, what: string): Sections {
  const expected = TYPE_NAMES[type]!;
  if (body.byteLength < PREFIX_BYTES || body[0] !== MAGIC_0 || body[1] !== MAGIC_1) {
    throw new TypeError(
      `${what} is not a multiproc ${expected}: expected bytes starting with "mp" and at least ` +
        `${PREFIX_BYTES} bytes long, received ${body.byteLength} bytes starting with ` +
        `${hex(body.subarray(0, 4))}. Was it written by another program, or damaged?`,
    );
  }
  if (body[2] !== type) {
    const found = TYPE_NAMES[body[2]!] ?? `an unknown kind (0x${body[2]!.toString(16)})`;
    throw new TypeError(`${what} should be a ${expected}, but its bytes say ${found}`);
  }
  const headerBytes = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(
    4,
    true,
  );
  if (headerBytes > body.byteLength - PREFIX_BYTES) {
    throw new TypeError(
      `${what} is truncated or forged: its header claims ${headerBytes} bytes, but only ` +
        `${body.byteLength - PREFIX_BYTES} follow the prefix`,
    );
  }
  return {
    version: body[3]!,
    header: body.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes),
    values: body.subarray(PREFIX_BYTES + headerBytes),
  };
}

/** `v8.deserialize`, with a TypeError naming `what` for bytes that are not a value. */
export function deserializeSection(bytes: Uint8Array, what: string): unknown {
  if (bytes.byteLength === 0) throw new TypeError(`${what} is empty: expected a serialized value`);
  try {
    return deserialize(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TypeError(`${what} (${bytes.byteLength} bytes) does not deserialize: ${reason}`, {
      cause: error,
    });
  }
}

/** `v8.serialize`, re-exported so that the wire modules reach `node:v8` through one loader. */
export { serialize };

function hex(bytes: Uint8Array): string {
  return bytes.byteLength === 0
    ? "nothing"
    : [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
}
