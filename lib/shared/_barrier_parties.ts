// Who is inside a Barrier's wait(), kept in the barrier's shared memory so that a party whose
// worker died there can be found and taken out. Every function is called holding the barrier's
// lock. The slots are the truth; the counts are kept beside them for speed, and recounted from
// the slots whenever a thread died holding the lock (then they may be half-updated).
import { BrokenBarrierError } from "../errors.ts";
import { getCurrent, isDead } from "../internal/threads.ts";

// Int32 cells: [COUNT] parties inside wait(); [HOLDERS] those among them whose Barrier object
// has the action; [DEAD] the pid whose death broke the barrier (0: none); then one slot per
// party: 0 when free, else the pid of the thread waiting in it, with HOLDER set when its Barrier
// object has the action.
const COUNT = 0;
const HOLDERS = 1;
const DEAD = 2;
const FIRST_SLOT = 3;
const HOLDER = 1 << 30;

/** Bytes of shared memory the parties of a barrier for `parties` threads take. */
export function partiesBytes(parties: number): number {
  return 4 * (FIRST_SLOT + parties);
}

/** How many parties are inside wait(). */
export function insideCount(cells: Int32Array<SharedArrayBuffer>): number {
  return Atomics.load(cells, COUNT);
}

/** How many parties inside wait() have the action. */
export function holdersInside(cells: Int32Array<SharedArrayBuffer>): number {
  return Atomics.load(cells, HOLDERS);
}

/**
 * Records this thread in a free slot: returns its arrival index (how many were inside before)
 * and the slot, to give back to {@linkcode leave}. The slot is written first, so a thread that
 * dies in between is found by the recount.
 */
export function enter(
  cells: Int32Array<SharedArrayBuffer>,
  holder: boolean,
): { index: number; slot: number } {
  const mark = getCurrent().pid | (holder ? HOLDER : 0);
  for (let slot = FIRST_SLOT; slot < cells.length; slot++) {
    if (Atomics.load(cells, slot) !== 0) continue;
    Atomics.store(cells, slot, mark);
    if (holder) Atomics.add(cells, HOLDERS, 1);
    return { index: Atomics.add(cells, COUNT, 1), slot };
  }
  throw new Error(
    `Barrier.wait() found all ${cells.length - FIRST_SLOT} party slots taken: more threads ` +
      "called wait() than the barrier has parties",
  );
}

/**
 * Frees the slot {@linkcode enter} gave; returns how many parties are left inside. A thread
 * whose worker was terminated (but still runs) leaves its slot for {@linkcode reapDead}, so that
 * its death breaks the barrier like any other; then the result is never 0.
 */
export function leave(cells: Int32Array<SharedArrayBuffer>, slot: number): number {
  const mark = Atomics.load(cells, slot);
  if (mark === 0 || isDead(getCurrent().pid)) return Math.max(1, insideCount(cells));
  Atomics.store(cells, slot, 0);
  if ((mark & HOLDER) !== 0) Atomics.sub(cells, HOLDERS, 1);
  return Atomics.sub(cells, COUNT, 1) - 1;
}

/**
 * Frees the slots of parties whose thread died, and recounts if any did or if `recount` (a
 * thread died holding the lock); returns the pid of a dead party, 0 if there was none.
 */
export function reapDead(cells: Int32Array<SharedArrayBuffer>, recount = false): number {
  let dead = 0;
  for (let slot = FIRST_SLOT; slot < cells.length; slot++) {
    const pid = Atomics.load(cells, slot) & ~HOLDER;
    if (pid === 0 || !isDead(pid)) continue;
    Atomics.store(cells, slot, 0);
    dead = pid;
  }
  if (dead !== 0 || recount) {
    let count = 0;
    let holders = 0;
    for (let slot = FIRST_SLOT; slot < cells.length; slot++) {
      const mark = Atomics.load(cells, slot);
      if (mark !== 0) count++;
      if ((mark & HOLDER) !== 0) holders++;
    }
    Atomics.store(cells, COUNT, count);
    Atomics.store(cells, HOLDERS, holders);
  }
  return dead;
}

/** Records that the death of `pid` broke the barrier, unless an earlier death did. */
export function noteDeath(cells: Int32Array<SharedArrayBuffer>, pid: number): void {
  Atomics.compareExchange(cells, DEAD, 0, pid);
}

/** For `reset()`: forgets the dead, inside and past. */
export function forgetDead(cells: Int32Array<SharedArrayBuffer>): void {
  reapDead(cells);
  Atomics.store(cells, DEAD, 0);
}

/** The error for a broken barrier: says which death broke it, if one did, else `otherwise`. */
export function brokenError(
  cells: Int32Array<SharedArrayBuffer>,
  otherwise: string,
): BrokenBarrierError {
  const dead = Atomics.load(cells, DEAD);
  if (dead === 0) return new BrokenBarrierError(otherwise);
  return new BrokenBarrierError(
    `the barrier is broken: pid ${dead} died inside Barrier.wait() or holding its lock; ` +
      "reset() it to use it again",
  );
}
