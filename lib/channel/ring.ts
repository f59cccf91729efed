/**
 * A byte ring in shared memory holding length-prefixed records. Not synchronized: the queue
 * calls it while holding its lock. A write copies the record into free space, then publishes it
 * with one atomic compare-and-swap of a 64-bit word; a read copies the record out, then frees it
 * the same way. A thread that dies at any point thus leaves the ring as it was before or after
 * its operation, never in between: a record half copied was never published. The swap also
 * refuses a commit if the word changed since the operation began (a terminated thread still
 * running after its lock was taken over), so the ring's bookkeeping is never overwritten.
 *
 * @module
 */

// Two 64-bit header words, each a record counter (mod 2^32) in its high half and a byte offset
// in its low half: [WRITE] where the next record goes, and records ever written; [READ] where
// the oldest record starts, and records ever read. Records in the ring: the difference of the
// counters; bytes in use: from the read offset to the write offset (all of them when the
// offsets meet and the ring is not empty). Commits swap a whole word; the halves are read as
// Int32 cells, which costs no BigInt.
const WRITE = 0;
const READ = 1;
const HEADER_BYTES = 16;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const OFFSET_HALF = LITTLE_ENDIAN ? 0 : 1;
const COUNTER_HALF = 1 - OFFSET_HALF;

const PREFIX_BYTES = 4;
/** Offsets are 32-bit: the largest byte area a ring can have. */
export const MAX_RING_BYTES = 2 ** 32 - 1;

/** The ring's memory: header words (and their halves), and the byte area. */
export interface RingMemory {
  readonly header: BigUint64Array<SharedArrayBuffer>;
  readonly halves: Int32Array<SharedArrayBuffer>;
  readonly bytes: Uint8Array<SharedArrayBuffer>;
}

/** A ring over existing memory: the buffers of a ring's `header` and `bytes`. */
export function ringOver(header: SharedArrayBuffer, bytes: SharedArrayBuffer): RingMemory {
  return {
    header: new BigUint64Array(header),
    halves: new Int32Array(header),
    bytes: new Uint8Array(bytes),
  };
}

/** New ring memory with room for `capacity` bytes of records and prefixes. */
export function allocateRing(capacity: number): RingMemory {
  return ringOver(new SharedArrayBuffer(HEADER_BYTES), new SharedArrayBuffer(capacity));
}

function counterOf(ring: RingMemory, word: number): number {
  return Atomics.load(ring.halves, 2 * word + COUNTER_HALF) >>> 0;
}

function offsetOf(ring: RingMemory, word: number): number {
  return Atomics.load(ring.halves, 2 * word + OFFSET_HALF) >>> 0;
}

function pack(counter: number, offset: number): bigint {
  return (BigInt(counter >>> 0) << 32n) | BigInt(offset);
}

/** Records in the ring. The read counter is loaded first, so without a lock this is never < 0. */
export function recordCount(ring: RingMemory): number {
  const read = counterOf(ring, READ);
  return (counterOf(ring, WRITE) - read) >>> 0;
}

/** Records ever written (mod 2^32). */
export function recordsWritten(ring: RingMemory): number {
  return counterOf(ring, WRITE);
}

/** Whether a record of `length` bytes fits now. */
export function fits(ring: RingMemory, length: number): boolean {
  const size = ring.bytes.length;
  const used = recordCount(ring) === 0
    ? 0
    : (offsetOf(ring, WRITE) - offsetOf(ring, READ) + size) % size || size;
  return used + PREFIX_BYTES + length <= size;
}

/** Whether a record of `length` bytes could ever fit. */
export function everFits(ring: RingMemory, length: number): boolean {
  return PREFIX_BYTES + length <= ring.bytes.length;
}

function copyIn(ring: RingMemory, at: number, source: Uint8Array): number {
  const size = ring.bytes.length;
  if (at + source.length < size) {
    ring.bytes.set(source, at); // not wrapped: one copy
    return at + source.length;
  }
  const first = Math.min(source.length, size - at);
  ring.bytes.set(source.subarray(0, first), at);
  ring.bytes.set(source.subarray(first), 0);
  return (at + source.length) % size;
}

function copyOut(ring: RingMemory, at: number, target: Uint8Array): Uint8Array {
  const size = ring.bytes.length;
  const first = Math.min(target.length, size - at);
  target.set(ring.bytes.subarray(at, at + first));
  if (first < target.length) target.set(ring.bytes.subarray(0, target.length - first), first);
  return target;
}

// Text records: ASCII, one byte per character. Short ones are copied in and read back a
// character at a time, with no byte array in between (allocating one costs more than the copy).
const TEXT_CHUNK = 4096;
const asciiDecoder = new TextDecoder();

function copyTextIn(ring: RingMemory, at: number, text: string): number {
  const { bytes } = ring;
  const size = bytes.length;
  for (let i = 0; i < text.length; i++) {
    bytes[at] = text.charCodeAt(i);
    at = at + 1 === size ? 0 : at + 1;
  }
  return at;
}

function copyTextOut(ring: RingMemory, at: number, length: number): string {
  if (length > TEXT_CHUNK || at + length > ring.bytes.length) {
    return asciiDecoder.decode(copyOut(ring, at, new Uint8Array(length)));
  }
  const codes = ring.bytes.subarray(at, at + length) as unknown as number[];
  return String.fromCharCode.apply(null, codes);
}

// A record's length, big-endian, byte by byte (it may wrap around the end): no DataView or
// scratch array per record. Returns the offset after it.
function writePrefix(ring: RingMemory, at: number, length: number): number {
  const { bytes } = ring;
  const size = bytes.length;
  for (let shift = 24; shift >= 0; shift -= 8) {
    bytes[at] = (length >>> shift) & 0xff;
    at = at + 1 === size ? 0 : at + 1;
  }
  return at;
}

function readPrefix(ring: RingMemory, at: number): number {
  const { bytes } = ring;
  const size = bytes.length;
  let length = 0;
  for (let i = 0; i < PREFIX_BYTES; i++) {
    length = length * 256 + bytes[at]!;
    at = at + 1 === size ? 0 : at + 1;
  }
  return length;
}

/**
 * Appends a record (the caller checked {@linkcode fits}); `false` if its commit was refused
 * because the ring changed meanwhile (then the record is not in the ring). A string record must
 * be ASCII text (one byte per character; see {@linkcode readRecord}): it is copied in character
 * by character, which spares the caller a byte array per record.
 */
export function writeRecord(ring: RingMemory, record: Uint8Array | string): boolean {
  const seen = Atomics.load(ring.header, WRITE); // loaded first: see commit()
  const counter = counterOf(ring, WRITE);
  const offset = offsetOf(ring, WRITE);
  const start = writePrefix(ring, offset, record.length);
  const at = typeof record === "string"
    ? copyTextIn(ring, start, record)
    : copyIn(ring, start, record);
  return commit(ring, WRITE, seen, pack(counter + 1, at));
}

/**
 * Removes and returns the oldest record (the caller checked {@linkcode recordCount}); `null` if
 * its commit was refused because the ring changed meanwhile (then the record is still there).
 * A record whose first byte is below 0x80 is ASCII text and comes back as a string; any other
 * comes back as bytes.
 */
export function readRecord(ring: RingMemory): Uint8Array | string | null {
  const seen = Atomics.load(ring.header, READ); // loaded first: see commit()
  const counter = counterOf(ring, READ);
  const offset = offsetOf(ring, READ);
  const size = ring.bytes.length;
  const length = readPrefix(ring, offset);
  const start = (offset + PREFIX_BYTES) % size;
  if (!everFits(ring, length)) return null; // read from a ring changed under a terminated thread
  const record = length > 0 && ring.bytes[start]! < 0x80
    ? copyTextOut(ring, start, length)
    : copyOut(ring, start, new Uint8Array(length));
  const at = (start + length) % size;
  return commit(ring, READ, seen, pack(counter + 1, at)) ? record : null;
}

/**
 * Drops every record in one step (the read word jumps to the write word) and returns how many
 * it dropped; `null` if its commit was refused because the ring changed meanwhile (then nothing
 * was dropped).
 */
export function discardAll(ring: RingMemory): number | null {
  const seen = Atomics.load(ring.header, READ); // loaded first: see commit()
  const count = recordCount(ring);
  const next = pack(counterOf(ring, WRITE), offsetOf(ring, WRITE));
  return commit(ring, READ, seen, next) ? count : null;
}

// Swaps `word` from `seen` to `next` in one atomic step. `seen` was loaded before the halves the
// operation used, so if they differ from it (the word changed meanwhile), so does the word now:
// the swap is refused (counters only grow, so the word cannot have come back).
function commit(ring: RingMemory, word: number, seen: bigint, next: bigint): boolean {
  return Atomics.compareExchange(ring.header, word, seen, next) === seen;
}
