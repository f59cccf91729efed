/**
 * Python's `multiprocessing.parent_process()`.
 *
 * @module
 */
import { clearLongTimeout, setLongTimeout } from "../internal/long_timer.ts";
import { getParent, isDead } from "../internal/threads.ts";

// How often join() looks at the liveness registry: a parent's end is not announced.
const POLL_MS = 50;

/**
 * The thread that started this Process or pool worker, as Python's `parent_process()` gives it:
 * its name and pid, whether it is alive, and `join`. A parent thread that ends takes its workers
 * and child processes with it (Deno ends a worker's workers; a child process ends when its
 * parent's pipe closes), so from inside the child the parent is normally alive.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // The main program has no parent; a Process's target would get one.
 * const parent: ParentProcess | null = parentProcess();
 * assert.equal(parent, null);
 * ```
 */
export interface ParentProcess {
  /** `"MainProcess"`, or the name of the Process or pool worker that started this one. */
  readonly name: string;
  /** Its pid as `currentProcess().pid` gives it there. */
  readonly pid: number;
  /** Whether the parent is alive, as far as this thread can tell. */
  isAlive(): boolean;
  /**
   * Waits until the parent ends, or until `timeoutMs` passes (negative acts as 0). Without a
   * timeout it waits as long as the parent lives, which is as long as this thread lives.
   */
  join(timeoutMs?: number): Promise<void>;
}

/**
 * Python's `parent_process()`: `null` in the main program (and in a worker this library did not
 * start); in a Process or pool worker, the thread that started it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Process } from "./process.ts";
 * import { Pipe } from "../channel/pipe.ts";
 * assert.equal(parentProcess(), null);
 * const [received, sent] = Pipe(false);
 * const url = new URL("./parent_process.ts", import.meta.url).href;
 * const process = new Process({
 *   target: async (url: string, to: typeof sent) => {
 *     const parent = (await import(url)).parentProcess();
 *     to.send([parent.name, parent.pid, parent.isAlive()]);
 *   },
 *   args: [url, sent],
 * });
 * process.start();
 * assert.deepEqual(await received.recv(), ["MainProcess", Deno.pid, true]);
 * await process.join();
 * received.close();
 * sent.close();
 * ```
 */
export function parentProcess(): ParentProcess | null {
  const parent = getParent();
  if (parent === null) return null;
  const { name, pid } = parent;
  const isAlive = (): boolean => !isDead(pid);
  return {
    name,
    pid,
    isAlive,
    join(timeoutMs?: number): Promise<void> {
      const limit = timeoutMs === undefined ? Infinity : checkTimeout(timeoutMs);
      return new Promise((resolve) => {
        let poll: ReturnType<typeof setTimeout> | undefined;
        const done = (): void => {
          clearTimeout(poll);
          clearLongTimeout(deadline);
          resolve();
        };
        const deadline = Number.isFinite(limit) ? setLongTimeout(done, limit) : undefined;
        const look = (): void => {
          if (!isAlive()) done();
          else poll = setTimeout(look, POLL_MS);
        };
        if (limit === 0) done();
        else look();
      });
    },
  };
}

function checkTimeout(timeoutMs: unknown): number {
  if (typeof timeoutMs !== "number" || Number.isNaN(timeoutMs)) {
    throw new TypeError(
      `parentProcess().join() expects a timeout in ms, a number, received ${typeof timeoutMs}`,
    );
  }
  return Math.max(0, timeoutMs);
}
