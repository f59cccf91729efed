/**
 * Python's `JoinableQueue` and `SimpleQueue`, on {@linkcode Queue}'s shared memory.
 *
 * @module
 */
import { TimeoutError } from "../errors.ts";
import { registerShared } from "../shared/transport.ts";
import { deadlineFor, nextSlice, waitAsync, waitSync } from "../shared/wait.ts";
import { reviveQueueMemory, UNFINISHED } from "./_queue_memory.ts";
import { Queue, type QueueOptions } from "./queue.ts";

/**
 * A {@linkcode Queue} that counts unfinished values: consumers call `taskDone()` after each
 * `get()`, and `join()` waits until every value put has been marked done.
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
  /** Marks one value taken with `get()` as processed. */
  taskDone(): void {
    const left = Atomics.sub(this.signals, UNFINISHED, 1) - 1;
    if (left < 0) {
      Atomics.add(this.signals, UNFINISHED, 1);
      throw new RangeError("JoinableQueue.taskDone() was called more times than values were put");
    }
    if (left === 0) Atomics.notify(this.signals, UNFINISHED);
  }

  /** Waits until every value put has been marked done; `TimeoutError` after `timeoutMs`. */
  async join(timeoutMs?: number): Promise<void> {
    const deadline = deadlineFor(timeoutMs, "JoinableQueue.join()");
    for (;;) {
      const left = Atomics.load(this.signals, UNFINISHED);
      if (left === 0) return;
      await waitAsync(this.signals, UNFINISHED, left, this.#slice(deadline, left));
    }
  }

  /** Like {@linkcode join}, blocking: for worker code. */
  joinSync(timeoutMs?: number): void {
    const deadline = deadlineFor(timeoutMs, "JoinableQueue.joinSync()");
    for (;;) {
      const left = Atomics.load(this.signals, UNFINISHED);
      if (left === 0) return;
      waitSync(this.signals, UNFINISHED, left, this.#slice(deadline, left));
    }
  }

  /** @internal */
  protected override queueKind(): string {
    return "JoinableQueue";
  }

  #slice(deadline: number, left: number): number {
    const slice = nextSlice(deadline);
    if (slice > 0) return slice;
    throw new TimeoutError(`JoinableQueue.join() timed out with ${left} values not marked done`);
  }
}

/**
 * Python's `SimpleQueue`: an unbounded {@linkcode Queue}.
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

  /** @internal */
  protected override queueKind(): string {
    return "SimpleQueue";
  }
}

registerShared("JoinableQueue", (state) => {
  reviveQueueMemory(state);
  return new JoinableQueue();
});
registerShared("SimpleQueue", (state) => {
  reviveQueueMemory(state);
  return new SimpleQueue();
});
