/**
 * A byte ring in shared memory holding length-prefixed records. Not synchronized: the queue
 * calls it while holding its locks, one for writers and one for readers (as Python's queues
 * have), so one write and one read may run at once: a write only touches free space and the
 * write word, a read only a published record and the read word, and each reads the other's word
 * whole (see {@linkcode snapshotOf}). A write copies the record into free space, then publishes it
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

// Two throwaway rings at load: see the same step in _queue_memory.ts (a thread's second ring
// would otherwise deoptimize every function that reads a ring's fields).
for (let i = 0; i < 2; i++) ringOver(new SharedArrayBuffer(16), new SharedArrayBuffer(1));

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

// The other side's word, read whole: its counter, then its offset, then its counter again
// (commits swap the whole word and counters only grow, so an unchanged counter means the offset
// read in between belongs to it). Sets `snapshot` and returns it: no allocation.
const snapshot = { counter: 0, offset: 0 };

function snapshotOf(ring: RingMemory, word: number): typeof snapshot {
  for (;;) {
    const counter = counterOf(ring, word);
    const offset = offsetOf(ring, word);
    if (counterOf(ring, word) === counter) {
      snapshot.counter = counter;
      snapshot.offset = offset;
      return snapshot;
    }
  }
}

// A header word from its halves, built in scratch memory: one BigInt, where shifting and or-ing
// BigInts would allocate four.
const packScratch = new BigUint64Array(1);
const packHalves = new Uint32Array(packScratch.buffer);

function pack(counter: number, offset: number): bigint {
  packHalves[COUNTER_HALF] = counter >>> 0;
  packHalves[OFFSET_HALF] = offset;
  return packScratch[0]!;
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

/**
 * Whether a record of `length` bytes fits now; for a writer (its own word holds still, a reader
 * may free space meanwhile, which only makes the answer cautious).
 */
export function fits(ring: RingMemory, length: number): boolean {
  const size = ring.bytes.length;
  const read = snapshotOf(ring, READ);
  const empty = counterOf(ring, WRITE) === read.counter;
  const used = empty ? 0 : (offsetOf(ring, WRITE) - read.offset + size) % size || size;
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
  const length = text.length;
  if (at + length < size) {
    for (let i = 0; i < length; i++) bytes[at + i] = text.charCodeAt(i); // not wrapped
    return at + length;
  }
  for (let i = 0; i < length; i++) {
    bytes[at] = text.charCodeAt(i);
    at = at + 1 === size ? 0 : at + 1;
  }
  return at;
}

// Character codes of short text records, one plain array per length, reused: `apply` spreads a
// plain array of small integers straight onto the stack, where a byte view would first be
// copied into a new list (a short record then costs its string alone, not ten times that).
const SHORT_TEXT = 64;
const codesByLength: number[][] = [];

function copyTextOut(ring: RingMemory, at: number, length: number): string {
  const { bytes } = ring;
  if (length > TEXT_CHUNK || at + length > bytes.length) {
    return asciiDecoder.decode(copyOut(ring, at, new Uint8Array(length)));
  }
  if (length > SHORT_TEXT) {
    return String.fromCharCode.apply(null, bytes.subarray(at, at + length) as unknown as number[]);
  }
  const codes = codesByLength[length] ??= new Array<number>(length).fill(0);
  for (let i = 0; i < length; i++) codes[i] = bytes[at + i]!;
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
 * Drops every record in one step (the read word jumps to the write word, read whole: a write
 * may commit meanwhile, and its record then stays) and returns how many it dropped; `null` if
 * its commit was refused because the ring changed meanwhile (then nothing was dropped). For a
 * reader.
 */
export function discardAll(ring: RingMemory): number | null {
  const seen = Atomics.load(ring.header, READ); // loaded first: see commit()
  const read = counterOf(ring, READ);
  const { counter, offset } = snapshotOf(ring, WRITE);
  return commit(ring, READ, seen, pack(counter, offset)) ? (counter - read) >>> 0 : null;
}

// Swaps `word` from `seen` to `next` in one atomic step. `seen` was loaded before the halves the
// operation used, so if they differ from it (the word changed meanwhile), so does the word now:
// the swap is refused (counters only grow, so the word cannot have come back).
function commit(ring: RingMemory, word: number, seen: bigint, next: bigint): boolean {
  return Atomics.compareExchange(ring.header, word, seen, next) === seen;
}
