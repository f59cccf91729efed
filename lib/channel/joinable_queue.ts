/**
 * Python's `JoinableQueue` and `SimpleQueue`, on {@linkcode Queue}'s shared memory.
 *
 * @module
 */
import { TimeoutError } from "../errors.ts";
import { registerShared } from "../wire/codec.ts";
import { deadlineFor, nextSlice, waitAsync, waitSync } from "../shared/wait.ts";
import { Revival, reviveAs } from "../wire/shareable.ts";
import { DONE, queueMemoryOf } from "./_queue_memory.ts";
import { Queue, type QueueOptions } from "./queue.ts";
import { guardPythonNames } from "../internal/python_names.ts";

/**
 * A {@linkcode Queue} that counts unfinished values: consumers call `taskDone()` after each
 * `get()`, and `join()` waits until every value put has been marked done. A value counts once
 * its put completes, so one lost with a producer that died inside `put()` is never waited for;
 * one taken by a consumer that died before its `taskDone()` is: `join(timeoutMs)` then throws
 * `TimeoutError`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const queue = new JoinableQueue<string>();
 * await queue.put("job");
 * assert.equal(await queue.get(), "job");
 * queue.taskDone();
 * await queue.join(1_000);
 * assert.throws(() => queue.taskDone(), /more times than values were put/);
 * ```
 */
export class JoinableQueue<T = unknown> extends Queue<T> {
  /** A handle on the JoinableQueue sent to this thread, over the memory it was sent. */
  static #revive(state: unknown): JoinableQueue {
    return new JoinableQueue(new Revival(queueMemoryOf(state)));
  }

  static {
    registerShared("JoinableQueue", JoinableQueue.#revive);
  }

  /** Marks one value taken with `get()` as processed. */
  taskDone(): void {
    for (;;) {
      const done = Atomics.load(this.signals, DONE);
      const left = this.#unfinished(done);
      if (left === 0) {
        throw new RangeError("JoinableQueue.taskDone() was called more times than values were put");
      }
      if (Atomics.compareExchange(this.signals, DONE, done, (done + 1) | 0) !== done) continue;
      if (left === 1) Atomics.notify(this.signals, DONE);
      return;
    }
  }

  /** Waits until every value put has been marked done; `TimeoutError` after `timeoutMs` (negative acts as 0). */
  async join(timeoutMs?: number): Promise<void> {
    const deadline = deadlineFor(timeoutMs, "JoinableQueue.join()");
    for (;;) {
      const done = Atomics.load(this.signals, DONE);
      const left = this.#unfinished(done);
      if (left === 0) return;
      await waitAsync(this.signals, DONE, done, this.#slice(deadline, left));
    }
  }

  /** Like {@linkcode join}, blocking: for worker code. */
  joinSync(timeoutMs?: number): void {
    const deadline = deadlineFor(timeoutMs, "JoinableQueue.joinSync()");
    for (;;) {
      const done = Atomics.load(this.signals, DONE);
      const left = this.#unfinished(done);
      if (left === 0) return;
      waitSync(this.signals, DONE, done, this.#slice(deadline, left));
    }
  }

  /** @internal */
  protected override queueKind(): string {
    return "JoinableQueue";
  }

  // Values put and not marked done, given `done` (loaded first: values put only grow).
  #unfinished(done: number): number {
    return (this.valuesPut() - done) >>> 0;
  }

  #slice(deadline: number, left: number): number {
    const slice = nextSlice(deadline);
    if (slice > 0) return slice;
    throw new TimeoutError(`JoinableQueue.join() timed out with ${left} values not marked done`);
  }
}

// Python's spellings throw, naming ours (lib/internal/python_names.ts).
guardPythonNames(JoinableQueue, { task_done: "taskDone" });

/**
 * Python's `SimpleQueue`: an unbounded {@linkcode Queue}. Its `close()` closes this handle, as
 * Python's closes this process's pipe ends: its puts and gets then throw a RangeError (Python:
 * OSError "handle is closed"); calling it twice is allowed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const queue = new SimpleQueue<number>();
 * await queue.put(1);
 * assert.equal(await queue.get(), 1);
 * assert.equal(queue.empty(), true);
 * ```
 */
export class SimpleQueue<T = unknown> extends Queue<T> {
  /** An unbounded queue in `capacity` bytes of shared memory (default 1 MiB). */
  constructor(options: QueueOptions = {}) {
    super(0, options);
  }

  /** A handle on the SimpleQueue sent to this thread, over the memory it was sent. */
  static #revive(state: unknown): SimpleQueue {
    return reviveAs(Queue, queueMemoryOf(state), SimpleQueue);
  }

  static {
    registerShared("SimpleQueue", SimpleQueue.#revive);
  }

  /** @internal */
  protected override queueKind(): string {
    return "SimpleQueue";
  }
}
