/**
 * A proxy's standing receive, published in shared memory beside the request it posts. The
 * request travels behind everything the proxy sent before it on the same port, and waits there
 * while the relay's thread is busy (copying the next message it sends, say); the relay reads
 * the published receive whenever a message reaches the real end or any message of its proxies
 * is handled, and answers it at once. The request, when it arrives, is then known as answered.
 *
 * Only a proxy's sole outstanding receive is published: a relay never has two of one proxy's
 * receives to tell apart, and the proxy never overwrites a receive the relay has not answered.
 *
 * @module
 */

/** Cells: the receive's request id (written last), its kind, and its byte limit. */
const ID = 0;
const KIND = 1;
const MAX = 2;
const KIND_VALUE = 1;
const KIND_BYTES = 2;
const NO_MAX = -1;

/** Shared cells for one proxy's published receive. */
export type WantCells = Int32Array<SharedArrayBuffer>;

/** A published receive as the relay reads it. */
export interface Want {
  readonly id: number;
  readonly bytes: boolean;
  readonly max: number | null;
}

/** Cells for a new proxy; no receive is published until {@linkcode publishWant}. */
export function wantCells(): WantCells {
  return new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
}

/**
 * Publishes receive `id`. Returns false, publishing nothing, for a byte limit that does not
 * fit a cell: that receive goes by its request alone.
 */
export function publishWant(
  cells: WantCells,
  id: number,
  bytes: boolean,
  max: number | null,
): boolean {
  if (max !== null && max > 0x7fff_ffff) return false;
  Atomics.store(cells, KIND, bytes ? KIND_BYTES : KIND_VALUE);
  Atomics.store(cells, MAX, max ?? NO_MAX);
  // Last: a relay that sees this id sees the kind and limit written for it.
  Atomics.store(cells, ID, id);
  return true;
}

/** The published receive if its id is above `seen` (the last the relay took), else null. */
export function readWant(cells: WantCells, seen: number): Want | null {
  const id = Atomics.load(cells, ID);
  if (id <= seen) return null;
  const max = Atomics.load(cells, MAX);
  return { id, bytes: Atomics.load(cells, KIND) === KIND_BYTES, max: max === NO_MAX ? null : max };
}
