/**
 * A byte ring in shared memory holding length-prefixed records. Not synchronized: the queue
 * calls it while holding its lock. Offsets and counts are committed only after a record's bytes
 * are fully written or read, so a thread that dies in the middle leaves the ring consistent.
 *
 * @module
 */

// Int32 header cells.
const HEAD = 0; // offset of the oldest record
const TAIL = 1; // offset where the next record goes
const USED = 2; // bytes in use, length prefixes included
const COUNT = 3; // records in the ring
/** Number of Int32 header cells a ring needs. */
const RING_HEADER_CELLS = 4;

const PREFIX_BYTES = 4;

/** The ring's memory: header cells and the byte area. */
export interface RingMemory {
  readonly header: Int32Array<SharedArrayBuffer>;
  readonly bytes: Uint8Array<SharedArrayBuffer>;
}

/** New ring memory with room for `capacity` bytes of records and prefixes. */
export function allocateRing(capacity: number): RingMemory {
  return {
    header: new Int32Array(new SharedArrayBuffer(4 * RING_HEADER_CELLS)),
    bytes: new Uint8Array(new SharedArrayBuffer(capacity)),
  };
}

/** Records in the ring. */
export function recordCount(ring: RingMemory): number {
  return Atomics.load(ring.header, COUNT);
}

/** Whether a record of `length` bytes fits now. */
export function fits(ring: RingMemory, length: number): boolean {
  return Atomics.load(ring.header, USED) + PREFIX_BYTES + length <= ring.bytes.length;
}

/** Whether a record of `length` bytes could ever fit. */
export function everFits(ring: RingMemory, length: number): boolean {
  return PREFIX_BYTES + length <= ring.bytes.length;
}

function copyIn(ring: RingMemory, at: number, source: Uint8Array): number {
  const size = ring.bytes.length;
  const first = Math.min(source.length, size - at);
  ring.bytes.set(source.subarray(0, first), at);
  ring.bytes.set(source.subarray(first), 0);
  return (at + source.length) % size;
}

function copyOut(ring: RingMemory, at: number, target: Uint8Array): number {
  const size = ring.bytes.length;
  const first = Math.min(target.length, size - at);
  target.set(ring.bytes.subarray(at, at + first));
  target.set(ring.bytes.subarray(0, target.length - first), first);
  return (at + target.length) % size;
}

/** Appends a record; the caller checked {@linkcode fits}. */
export function writeRecord(ring: RingMemory, record: Uint8Array): void {
  const prefix = new Uint8Array(PREFIX_BYTES);
  new DataView(prefix.buffer).setUint32(0, record.length);
  let at = copyIn(ring, Atomics.load(ring.header, TAIL), prefix);
  at = copyIn(ring, at, record);
  Atomics.store(ring.header, TAIL, at);
  Atomics.add(ring.header, USED, PREFIX_BYTES + record.length);
  Atomics.add(ring.header, COUNT, 1);
}

/** Removes and returns the oldest record; the caller checked {@linkcode recordCount}. */
export function readRecord(ring: RingMemory): Uint8Array {
  const prefix = new Uint8Array(PREFIX_BYTES);
  let at = copyOut(ring, Atomics.load(ring.header, HEAD), prefix);
  const record = new Uint8Array(new DataView(prefix.buffer).getUint32(0));
  at = copyOut(ring, at, record);
  Atomics.store(ring.header, HEAD, at);
  Atomics.sub(ring.header, USED, PREFIX_BYTES + record.length);
  Atomics.sub(ring.header, COUNT, 1);
  return record;
}
