/**
 * Named errors of multiproc's domain. Everything else uses the built-in classes
 * (`TypeError`, `RangeError`).
 *
 * @module
 */

/**
 * A wait ran out of time. From `AsyncResult.get(timeoutMs)` it leaves the task running; from a
 * call's own `timeout` option the call was cancelled (see {@linkcode AbortError} for what that
 * means for the task).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new TimeoutError("AsyncResult.get() timed out after 5 ms");
 * assert.equal(error.name, "TimeoutError");
 * assert.ok(error instanceof Error);
 * ```
 */
export class TimeoutError extends Error {
  /** Creates a TimeoutError with a message that says what timed out and after how long. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TimeoutError";
  }
}

/**
 * A call was cancelled through its `signal`; `cause` is the signal's reason. A queued call that
 * is aborted never runs. A running one rejects at once: its task sees the cancellation through
 * `checkCancelled()` or `currentTask().signal`, and a task that ignores it has its worker
 * replaced after the pool's `cancelGrace`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new AbortError("Pool.apply() was aborted", { cause: "user pressed stop" });
 * assert.equal(error.name, "AbortError");
 * assert.equal(error.cause, "user pressed stop");
 * ```
 */
export class AbortError extends Error {
  /** Creates an AbortError saying what was aborted; `cause` carries the signal's reason. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AbortError";
  }
}

/**
 * The worker (or child process) running a task died before the task finished: it closed
 * itself, hit an unhandled rejection or an uncaught error outside the task, or was terminated.
 * `cause` holds what killed it, when that is known; `attempts` says how many workers the call
 * ran on (more than one when the call had `retries`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new WorkerDiedError("worker PoolWorker-1 died while running task count", {
 *   taskName: "count",
 *   workerName: "PoolWorker-1",
 * });
 * assert.equal(error.taskName, "count");
 * ```
 */
export class WorkerDiedError extends Error {
  /** The name of the task function that was running, or `null` if none was. */
  readonly taskName: string | null;
  /** The name of the worker that died. */
  readonly workerName: string;
  /** How many times the call was started, each on a worker that died; 1 without retries. */
  readonly attempts: number;
  /** Creates a WorkerDiedError naming the task that was running and the worker it ran on. */
  constructor(
    message: string,
    options: ErrorOptions & { taskName: string | null; workerName: string; attempts?: number },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "WorkerDiedError";
    this.taskName = options.taskName;
    this.workerName = options.workerName;
    this.attempts = options.attempts ?? 1;
  }
}

/**
 * A call reached a pool that no longer takes work: it was closed (`close()`) or terminated
 * (`terminate()`), or the call was still queued or running when `terminate()` was called.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new PoolClosedError("Pool.apply() was called after close()");
 * assert.equal(error.name, "PoolClosedError");
 * ```
 */
export class PoolClosedError extends Error {
  /** Creates a PoolClosedError with a message saying which call and what state. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PoolClosedError";
  }
}

/**
 * A lock's owner died (its worker was terminated or crashed) while holding it. Like a robust
 * mutex's EOWNERDEAD: the lock has been released and is usable again, but what it protected may
 * have been left half-updated.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new OwnerDiedError("the owner of the lock (pid 12) died while holding it", 12);
 * assert.equal(error.ownerPid, 12);
 * ```
 */
export class OwnerDiedError extends Error {
  /** The pid of the thread that died holding the lock. */
  readonly ownerPid: number;
  /** Creates an OwnerDiedError naming the dead owner. */
  constructor(message: string, ownerPid: number, options?: ErrorOptions) {
    super(message, options);
    this.name = "OwnerDiedError";
    this.ownerPid = ownerPid;
  }
}

/**
 * A pipe's other end is closed, so a value sent now could never be received. Python's
 * `BrokenPipeError` from `Connection.send()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new BrokenPipeError("the other end of the pipe was closed");
 * assert.equal(error.name, "BrokenPipeError");
 * ```
 */
export class BrokenPipeError extends Error {
  /** Creates a BrokenPipeError saying why nothing can be sent. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "BrokenPipeError";
  }
}

/**
 * A connection reached its end: the other side closed it and every message sent before was
 * received, or this side was closed. Python's `EOFError` from `Connection.recv()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new EOFError("the other end of the pipe was closed");
 * assert.equal(error.name, "EOFError");
 * ```
 */
export class EOFError extends Error {
  /** Creates an EOFError saying which end closed. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "EOFError";
  }
}

/**
 * A `Barrier` is broken: it was aborted, a waiter timed out, or its action threw.
 * Every thread waiting on it, and every later caller of `wait()` until `reset()`, gets this
 * error. Python's `threading.BrokenBarrierError`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new BrokenBarrierError("the barrier was aborted");
 * assert.equal(error.name, "BrokenBarrierError");
 * assert.ok(error instanceof Error);
 * ```
 */
export class BrokenBarrierError extends Error {
  /** Creates a BrokenBarrierError saying why the barrier broke. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "BrokenBarrierError";
  }
}

/**
 * A queue stayed full for the whole timeout of a `put` (or was full for `putNowait`): Python's
 * `queue.Full`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(new Full("the queue is full (maxsize 1)").name, "Full");
 * ```
 */
export class Full extends Error {
  /** Creates a Full error saying how full the queue was. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "Full";
  }
}

/**
 * A queue stayed empty for the whole timeout of a `get` (or was empty for `getNowait`): Python's
 * `queue.Empty`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(new Empty("the queue is empty").name, "Empty");
 * ```
 */
export class Empty extends Error {
  /** Creates an Empty error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "Empty";
  }
}

/**
 * A queue was shut down (`shutdown()`): a put raises it at once, and a get once the queue is
 * empty (at once after `shutdown(true)`, which also drops the queued values). Python 3.13's
 * `queue.ShutDown`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new ShutDown("Queue.put(): the queue was shut down");
 * assert.equal(error.name, "ShutDown");
 * assert.ok(error instanceof Error);
 * ```
 */
export class ShutDown extends Error {
  /** Creates a ShutDown error saying which call met the shut-down queue. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ShutDown";
  }
}
