/**
 * Python's guard against a script without its main guard: a pool worker or child process imports
 * the task module (`module: import.meta.url`), so a script that creates a Pool or starts a
 * Process at its top level, outside `if (import.meta.main)`, would do it again in every worker,
 * each starting more workers without end. While a worker or child evaluates its task module,
 * creating a Pool or starting a Process throws instead (Python raises RuntimeError: "An attempt
 * has been made to start a new process before the current process has finished its
 * bootstrapping phase").
 *
 * The mark is a global of the worker's realm, not a variable of this module: the task module may
 * import the library by another URL than the worker's entry script does (a copy, a registry), and
 * so get a module instance of its own, while both see one `globalThis`. Only the worker and child
 * entry scripts set it, around the import; a program's main thread is never bootstrapping, even
 * if something there set the mark.
 *
 * What it cannot see: a pool made after the module's evaluation ended, by code its top level
 * scheduled without awaiting it (an `async main()` called without `await`, a timer). The import
 * has settled by then, as in Python, whose check also covers only the import of the main module.
 *
 * @module
 */

import { isPoolChild } from "../internal/runtime.ts";

const BOOTSTRAPPING = Symbol.for("multiproc.bootstrappingModule");

type Marks = Record<symbol, unknown>;

/**
 * Runs `load` (the import of `moduleUrl`) with this worker marked as bootstrapping, and clears
 * the mark when it settles, so that tasks and the initializer may create pools.
 */
export async function importingTaskModule<T>(
  moduleUrl: string,
  load: () => Promise<T>,
): Promise<T> {
  const marks = globalThis as unknown as Marks;
  marks[BOOTSTRAPPING] = moduleUrl;
  try {
    return await load();
  } finally {
    delete marks[BOOTSTRAPPING];
  }
}

/** True in a worker thread (a pool's or any other), false on a program's main thread. */
function inWorkerThread(): boolean {
  const scope = (globalThis as { WorkerGlobalScope?: abstract new () => unknown })
    .WorkerGlobalScope;
  return typeof scope === "function" && globalThis instanceof scope;
}

/** The task module this worker or child is evaluating now, or `null` if it is not. */
export function bootstrappingModule(): string | null {
  const marks = globalThis as unknown as Marks;
  const url = marks[BOOTSTRAPPING];
  if (typeof url !== "string") return null;
  return inWorkerThread() || isPoolChild() ? url : null;
}

/**
 * Throws if this worker or child is still evaluating its task module: `what` (like
 * `"new Pool()"`) would start workers that import the same module and do the same again.
 */
export function refuseWhileBootstrapping(what: string): void {
  const url = bootstrappingModule();
  if (url === null) return;
  throw new Error(
    `${what} was called while a worker of a Pool or Process was still loading its task module ` +
      `${url}. ` +
      "Every worker of a Pool or Process imports that module (it was given as module: " +
      "import.meta.url), so code at its top level runs again in each worker, and each would " +
      "start workers of its own, without end. Put the code that creates pools and starts " +
      "processes under `if (import.meta.main) { … }` (Python's `if __name__ == " +
      '"__main__":`): it then runs only in the program you started, not in its workers',
  );
}
