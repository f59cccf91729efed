// The liveness table: which thread pids are alive, in shared memory so that every thread of a
// process can tell whether a lock's owner died. `threads.ts` keeps this thread's table; these
// functions take the table as an argument so tests can use a small one.
//
// Layout (Int32): [COUNTER] how many pids were handed out, [FLAGS] RESTRICTED for a sandboxed
// thread's private copy, then one slot per pid: pid `base + 1 + n` lives in slot `n % slots`.
// A slot holds the pid itself while it is alive, and `-pid` once it died (0: never used). A new
// pid takes only a free slot (0 or a dead pid) whose previous pid is older, so a live pid's slot
// is never reused, and every slot only ever moves forward: a slot holding a newer pid, or its
// own negation, proves a pid dead.
const COUNTER = 0;
const FLAGS = 1;
const HEADER = 2;
/** FLAGS bit of a restricted copy: it may be read and mirrored into, never allocated from. */
const RESTRICTED = 1;
/** Pids must fit the pid bits of a mutex cell (see `shared/futex.ts`). */
const MAX_PID = (1 << 30) - 1;

/** A liveness table in shared memory. */
export type LivenessTable = Int32Array<SharedArrayBuffer>;

/** A fresh table with room for `slots` threads alive at once. */
export function newTable(slots: number): LivenessTable {
  return new Int32Array(new SharedArrayBuffer(4 * (HEADER + slots)));
}

function slotCount(table: LivenessTable): number {
  return table.length - HEADER;
}

/** The table cell that `pid` lives in, or -1 if `pid` was not handed out relative to `base`. */
function cellOf(table: LivenessTable, base: number, pid: number): number {
  if (!Number.isInteger(pid) || pid <= base || pid > MAX_PID) return -1;
  return HEADER + ((pid - base - 1) % slotCount(table));
}

/** Whether `table` is a restricted copy (see {@linkcode restrictedCopy}). */
export function isRestricted(table: LivenessTable): boolean {
  return (Atomics.load(table, FLAGS) & RESTRICTED) !== 0;
}

/**
 * Hands out the next pid after `base` and marks it alive. Pids whose slot a live thread still
 * holds are skipped; if every slot is held, throws.
 */
export function allocatePid(table: LivenessTable, base: number): number {
  const slots = slotCount(table);
  for (let attempt = 0; attempt < slots; attempt++) {
    const pid = base + 1 + Atomics.add(table, COUNTER, 1);
    if (pid > MAX_PID) {
      throw new RangeError(
        `pid ${pid} does not fit a lock's owner cell (max ${MAX_PID}): this process started ` +
          "too many workers and Processes; restart it",
      );
    }
    const cell = cellOf(table, base, pid);
    const seen = Atomics.load(table, cell);
    // Taken by a live thread, or already by a newer pid: this pid is skipped for good.
    if (seen > 0 || -seen > pid) continue;
    if (Atomics.compareExchange(table, cell, seen, pid) === seen) return pid;
  }
  throw new Error(
    `the liveness registry is full: ${countLive(table)} of its ${slots} slots hold live ` +
      "workers or Processes, expected a free one to start another. Terminate pools and " +
      "Processes that are no longer needed before starting more",
  );
}

/** Marks `pid` dead, if its slot still holds it; a pid already dead or unknown is left alone. */
export function recordDeath(table: LivenessTable, base: number, pid: number): void {
  const cell = cellOf(table, base, pid);
  if (cell >= 0) Atomics.compareExchange(table, cell, pid, -pid);
}

/**
 * Whether `pid` is known to be dead: its slot holds `-pid`, or a newer pid, which can only have
 * taken the slot once `pid` had left it. An unknown pid (never handed out here) is not dead.
 */
export function isKnownDead(table: LivenessTable, base: number, pid: number): boolean {
  const cell = cellOf(table, base, pid);
  if (cell < 0) return false;
  const seen = Atomics.load(table, cell);
  return seen === -pid || Math.abs(seen) > pid;
}

/** How many slots hold a live pid. */
export function countLive(table: LivenessTable): number {
  let alive = 0;
  for (let cell = HEADER; cell < table.length; cell++) {
    if (Atomics.load(table, cell) > 0) alive++;
  }
  return alive;
}

/**
 * A private copy of `table` for a sandboxed thread: what it reads about liveness, and all it can
 * scribble over. Only its owner writes into it (see {@linkcode mirror}); it may not allocate.
 */
export function restrictedCopy(table: LivenessTable): LivenessTable {
  const copy = newTable(slotCount(table));
  for (let cell = HEADER; cell < table.length; cell++) copy[cell] = Atomics.load(table, cell);
  copy[COUNTER] = Atomics.load(table, COUNTER);
  copy[FLAGS] = RESTRICTED;
  return copy;
}

/**
 * Writes into a restricted copy that `pid` is alive (`alive`) or dead, unless its slot already
 * records a newer event. Plain load and store: the copy's owner is its only honest writer.
 */
export function mirror(copy: LivenessTable, base: number, pid: number, alive: boolean): void {
  const cell = cellOf(copy, base, pid);
  if (cell < 0) return;
  const seen = Atomics.load(copy, cell);
  const newer = Math.abs(seen) > pid || seen === -pid || (alive && seen === pid);
  if (!newer) Atomics.store(copy, cell, alive ? pid : -pid);
}
