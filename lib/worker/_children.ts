// The Processes this thread started that have not been seen to end: what activeChildren() lists,
// and what a Process's thread waits for before it ends (as Python's _exit_function joins a
// child's non-daemon children). Per thread, as Python's `_children` is per process.

/** What the registry needs of a Process. */
export interface ChildProcess {
  isAlive(): boolean;
  join(): Promise<void>;
}

const children = new Set<ChildProcess>();

/** Records a Process this thread has just started. */
export function addChild(child: ChildProcess): void {
  children.add(child);
}

/** Forgets a Process (it was joined, seen ended, or closed). */
export function removeChild(child: ChildProcess): void {
  children.delete(child);
}

/** The children still alive, after forgetting those that ended (Python's `_cleanup`). */
export function liveChildren(): ChildProcess[] {
  for (const child of children) if (!child.isAlive()) children.delete(child);
  return [...children];
}
