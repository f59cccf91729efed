/**
 * The handle `applyAsync`, `mapAsync` and `starmapAsync` return: Python's `AsyncResult`, and
 * awaitable like a promise.
 *
 * @module
 */
import { TimeoutError } from "../errors.ts";
import { clearLongTimeout, setLongTimeout } from "../internal/long_timer.ts";
import type { Call } from "../worker/calls.ts";
import { describe } from "../internal/check.ts";

/**
 * Callbacks an async call may take; each runs at most once, before the call's promise settles.
 * Each must be a function (or left out): anything else rejects the result at once with a
 * `TypeError`, and the call is not queued.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "./pool.ts";
 * await using pool = new Pool({ processes: 1 });
 * const log: string[] = [];
 * const callbacks: AsyncCallbacks<number[]> = {
 *   callback: (squares) => log.push(`squares ${squares.join(" ")}`),
 *   errorCallback: (error) => log.push(`failed: ${error}`),
 * };
 * await pool.mapAsync((x: number) => x * x, [1, 2, 3], callbacks);
 * assert.deepEqual(log, ["squares 1 4 9"]);
 * ```
 */
export interface AsyncCallbacks<R> {
  /** Runs once with the whole result when the call succeeds. */
  callback?: (result: R) => void;
  /** Runs once with the first error when the call fails. */
  errorCallback?: (error: unknown) => void;
}

function ignore(): void {}

function validTimeout(timeoutMs: number | undefined, method: string): number | undefined {
  if (timeoutMs === undefined) return undefined;
  if (typeof timeoutMs !== "number") {
    throw new TypeError(
      `AsyncResult.${method}() expects a timeout in milliseconds, a number, received ` +
        describe(timeoutMs),
    );
  }
  if (Number.isNaN(timeoutMs)) {
    throw new RangeError(
      `AsyncResult.${method}() expects a timeout in milliseconds (a negative one acts as 0), ` +
        "received NaN",
    );
  }
  // As in Python, where get(-1) raises TimeoutError at once unless the result is ready.
  return Math.max(0, timeoutMs);
}

/**
 * The pending result of an async pool call. `await result` and `result.get()` give the value;
 * `get(timeoutMs)` rejects with {@linkcode TimeoutError} if it is not ready in time (the task
 * keeps running). A failure is kept here until asked for: it never becomes an unhandled
 * rejection on its own.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../../mod.ts";
 * await using pool = new Pool({ processes: 1 });
 * const result = pool.applyAsync((a: number, b: number) => a * b, [6, 7]);
 * assert.equal(await result.get(5_000), 42);
 * assert.ok(result.ready() && result.successful());
 * ```
 */
export class AsyncResult<R> implements PromiseLike<R> {
  readonly #call: Call<R>;

  /**
   * Wraps a pool call; runs `callbacks` when it settles. Made by the pool, not by users: the
   * call is an internal type, so the API docs leave this constructor out.
   *
   * @ignore
   */
  constructor(call: Call<R>, callbacks: AsyncCallbacks<R> = {}) {
    this.#call = call;
    call.promise.then(undefined, ignore);
    const { callback, errorCallback } = callbacks;
    if (callback === undefined && errorCallback === undefined) return;
    call.onSettle = (status, outcome) => {
      try {
        if (status === "fulfilled") callback?.(outcome as R);
        else errorCallback?.(outcome);
      } catch (error) {
        // A throwing callback must not break the delivery of other results; it still surfaces,
        // as an error thrown by an event handler does.
        reportError(error);
      }
    };
  }

  /**
   * The result; rejects with the task's error, or with `TimeoutError` after `timeoutMs` (a
   * negative one acts as 0, as in Python: at once unless the result is ready).
   */
  get(timeoutMs?: number): Promise<R> {
    const limit = validTimeout(timeoutMs, "get");
    const promise = this.#call.promise;
    if (limit === undefined || limit === Infinity || this.ready()) return promise;
    return new Promise<R>((resolve, reject) => {
      const timer = setLongTimeout(() => {
        reject(
          new TimeoutError(
            `AsyncResult.get() timed out after ${limit} ms; the task is still running`,
          ),
        );
      }, limit);
      promise.then(resolve, reject).finally(() => clearLongTimeout(timer));
    });
  }

  /** Waits until the result is ready or `timeoutMs` (negative: 0) passes; resolves `ready()`. */
  async wait(timeoutMs?: number): Promise<boolean> {
    // Checked outside the try: a bad timeout is the caller's error, not the task's outcome.
    const limit = validTimeout(timeoutMs, "wait");
    try {
      await this.get(limit);
    } catch {
      // wait() reports readiness, not the outcome: get() is where errors surface.
    }
    return this.ready();
  }

  /** Whether the call has finished, successfully or not. */
  ready(): boolean {
    return this.#call.status !== "pending";
  }

  /** Whether the call finished without error; throws if it is not ready yet, as Python does. */
  successful(): boolean {
    if (!this.ready()) {
      throw new Error("AsyncResult.successful() was called before the result was ready");
    }
    return this.#call.status === "fulfilled";
  }

  /** Makes the result awaitable. */
  then<T1 = R, T2 = never>(
    onfulfilled?: ((value: R) => T1 | PromiseLike<T1>) | null,
    onrejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2> {
    return this.#call.promise.then(onfulfilled, onrejected);
  }
}

/**
 * The `callback` and `errorCallback` of an async call's options, each a function or absent,
 * else a `TypeError` naming `method`, the option and the value. Checked when the call is made:
 * found only when the call settles, a bad callback could be reported nowhere useful.
 */
export function asyncCallbacks<R>(options: AsyncCallbacks<R>, method: string): AsyncCallbacks<R> {
  const { callback, errorCallback } = options;
  for (const [name, value] of [["callback", callback], ["errorCallback", errorCallback]]) {
    if (value !== undefined && typeof value !== "function") {
      throw new TypeError(
        `${method} option ${name} must be a function (or left out), received ${describe(value)}`,
      );
    }
  }
  return { callback, errorCallback } as AsyncCallbacks<R>;
}
