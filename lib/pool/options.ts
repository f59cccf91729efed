/**
 * The options of a Pool and of its calls, with their defaults and checks.
 *
 * @module
 */
import type { ClusterOptions } from "../cluster/options.ts";
import type { CallLimits } from "../worker/calls.ts";
import {
  type IsolationOptions,
  type IsolationSettings,
  isolationSettings,
} from "../worker/isolation.ts";
import * as check from "../internal/check.ts";
import { defaultIdleTimeout } from "../worker/_idle_release.ts";
import { describe } from "../internal/check.ts";

export {
  type Isolation,
  type IsolationOptions,
  type IsolationSettings,
  isolationSettings,
  MAX_HEAP_LIMIT_MB,
  MIN_HEAP_LIMIT_MB,
} from "../worker/isolation.ts";

/**
 * Options of {@linkcode Pool}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "./pool.ts";
 * const options: PoolOptions = {
 *   processes: 2,
 *   name: "Adder",
 *   // Runs once in each new worker, before its first task.
 *   initializer: (offset: number) => Object.assign(globalThis, { offset }),
 *   initargs: [100],
 * };
 * await using pool = new Pool(options);
 * const addOffset = (x: number) => x + (globalThis as unknown as { offset: number }).offset;
 * assert.deepEqual(await pool.map(addOffset, [1, 2, 3]), [101, 102, 103]);
 * assert.equal(pool.name, "Adder");
 * ```
 */
export interface PoolOptions extends IsolationOptions {
  /**
   * Number of workers, 1 to 1024; default `navigator.hardwareConcurrency`. Python sets no upper
   * bound, but each worker is a JavaScript runtime of its own (tens of MiB), so a count past
   * 1024 is refused with a `RangeError` rather than left to exhaust the machine.
   */
  processes?: number;
  /** URL of a module whose exports tasks may be (usually `import.meta.url`). */
  module?: string | URL;
  /** Runs in every new worker before its first task, with `initargs`. */
  initializer?: (...initargs: never[]) => unknown;
  /**
   * Arguments for `initializer`, sent to every worker started as a task's arguments are: shared
   * objects and Pipe ends arrive live (with `isolation: "process"`, shared memory is refused).
   */
  initargs?: readonly unknown[];
  /** Replace a worker after it has run this many tasks (a `map` chunk counts as one). */
  maxTasksPerChild?: number;
  /**
   * Stop a worker idle this long (ms), to give back its memory; it restarts on demand, running
   * `initializer` again. Default `Infinity`: workers are kept until `close()` or `terminate()`,
   * as Python's Pool keeps them. Whatever the value, idle workers do not keep the process
   * running: they live on while something else does (a server, a timer), and a script that
   * never closes its pool exits within milliseconds of its last line. Any number of ms from 0
   * to `Infinity`; above 2^31−1 ms it is still waited for in full.
   *
   * Under a Deno that offers no way to release a worker thread (the mechanism is found at
   * start-up; Deno 2.9 has it), idle workers hold the process: the default is then 1000 ms, and
   * with `Infinity` a script must close its pool to end.
   */
  idleTimeout?: number;
  /** Prefix of worker names; default `"PoolWorker"`. */
  name?: string;
  /**
   * Run the tasks on cluster workers through Redis Streams instead of local workers: a
   * `redis://` or `rediss://` URL, or {@linkcode ClusterOptions}. `processes` is then how many
   * units the pool keeps in flight. Delivery is at-least-once: a task whose worker died after
   * running it runs again.
   */
  cluster?: string | ClusterOptions;
  /** Default `timeout` of every call (ms); default none. */
  timeout?: number;
  /**
   * How long a cancelled task may go on running before its worker is replaced (ms); default
   * 1000. A task that calls `checkCancelled()` stops well within it.
   */
  cancelGrace?: number;
  /** Default `retries` of every call; default 0. */
  retries?: number;
  /**
   * Most calls (or `map` chunks) that may wait for a worker; default 1,000,000. A call beyond it
   * rejects with a `RangeError`; `imap` waits for room instead.
   */
  maxQueue?: number;
}

/**
 * Per-call limits, shared by `apply`-like and `map`-like calls.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "./pool.ts";
 * // cancelGrace: replace a worker whose task ran out of time after 50 ms instead of 1 s.
 * await using pool = new Pool({ processes: 1, cancelGrace: 50 });
 * const sleep = (ms: number) => new Promise((resolve) => setTimeout(() => resolve(ms), ms));
 * // A timeout long enough for a replacement worker to start on a busy machine.
 * const limits: LimitOptions = { timeout: 1_000, retries: 1 };
 * await assert.rejects(pool.apply(sleep, [10_000], limits), { name: "TimeoutError" });
 * assert.equal(await pool.apply(sleep, [1], limits), 1);
 * const cancelled = new AbortController();
 * cancelled.abort();
 * await assert.rejects(pool.apply(sleep, [1], { signal: cancelled.signal }), {
 *   name: "AbortError",
 * });
 * ```
 */
export interface LimitOptions {
  /** Cancels the call when aborted: a queued call never runs, a running one rejects at once. */
  signal?: AbortSignal;
  /**
   * Cancels the call when it has run this long (ms), counted from when its first unit reaches
   * a worker (time in the queue does not count); it rejects with `TimeoutError`. For `imap`,
   * each chunk has its own timeout.
   */
  timeout?: number;
  /** Reruns on a fresh worker when its worker dies under it (not when the task throws). */
  retries?: number;
}

/**
 * Options of `apply`-like calls.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "./pool.ts";
 * await using pool = new Pool({ processes: 1 });
 * const bytes = new Uint8Array([1, 2, 3]);
 * // Move the buffer to the worker instead of copying it.
 * const options: CallOptions = { transfer: [bytes.buffer], timeout: 5_000 };
 * const sum = (b: Uint8Array) => b.reduce((total, x) => total + x, 0);
 * assert.equal(await pool.apply(sum, [bytes], options), 6);
 * assert.equal(bytes.byteLength, 0); // detached here: the worker has it now
 * ```
 */
export interface CallOptions extends LimitOptions {
  /**
   * ArrayBuffers (and MessagePorts or streams) to move to the worker instead of copying. A typed
   * array is not transferable itself: pass `view.buffer`. Anything else rejects the call with a
   * `TypeError` naming the entry.
   */
  transfer?: Transferable[];
}

/**
 * Options of `map`-like calls.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "./pool.ts";
 * await using pool = new Pool({ processes: 2 });
 * // Three items per message, instead of ceil(6 / (4 × 2)) = 1 by default.
 * const options: MapOptions = { chunksize: 3, timeout: 5_000 };
 * const tenfold = await pool.map((x: number) => 10 * x, [1, 2, 3, 4, 5, 6], options);
 * assert.deepEqual(tenfold, [10, 20, 30, 40, 50, 60]);
 * ```
 */
export interface MapOptions extends LimitOptions {
  /** Items per message; default `ceil(n / (4 × processes))` for `map`, 1 for `imap`. */
  chunksize?: number;
  /**
   * Hears how far a `map`, `starmap`, `mapAsync` or `starmapAsync` call has come: `done` items
   * (those whose chunk has finished, so it moves a chunk at a time) out of `total`, the number
   * of items. It runs on the calling thread, at most about once per 50 ms while chunks finish
   * (the first finished chunk is heard at once), never from a timer, and `done` never goes
   * down. When the call succeeds it hears `(total, total)` exactly once, before the result is
   * delivered (`(0, 0)` for an empty iterable); after the call failed, was aborted or timed
   * out, or the pool was terminated, it is not called again.
   *
   * It must be a function, else the call rejects with a `TypeError`. If it throws, the call is
   * cancelled (its queued chunks never run, running ones are told to stop) and rejects with an
   * `Error` whose `cause` is what it threw, as an exception in the caller's own progress code
   * would stop a loop in Python; the pool keeps working. `imap` and `imapUnordered` refuse it:
   * count the results as they arrive instead.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Pool } from "./pool.ts";
   * await using pool = new Pool({ processes: 2 });
   * const heard: string[] = [];
   * const onProgress = (done: number, total: number) => heard.push(`${done}/${total}`);
   * await pool.map((x: number) => x + 1, [1, 2, 3, 4], { chunksize: 1, onProgress });
   * assert.equal(heard.at(-1), "4/4"); // the last report, heard once
   * ```
   */
  onProgress?: (done: number, total: number) => void;
}

/** The names of {@linkcode PoolOptions}, checked so that an unknown one is not ignored. */
export const POOL_OPTION_NAMES: readonly string[] = [
  "processes",
  "module",
  "initializer",
  "initargs",
  "maxTasksPerChild",
  "idleTimeout",
  "name",
  "timeout",
  "cancelGrace",
  "retries",
  "maxQueue",
  "isolation",
  "permissions",
  "heapLimitMb",
  "cluster",
];
/** The names of {@linkcode CallOptions}, checked so that an unknown one is not ignored. */
export const CALL_OPTION_NAMES: readonly string[] = ["signal", "timeout", "retries", "transfer"];
/** The names of {@linkcode MapOptions} that `imap` and `imapUnordered` take. */
export const IMAP_OPTION_NAMES: readonly string[] = ["chunksize", "signal", "timeout", "retries"];
/** The names of {@linkcode MapOptions}. */
export const MAP_OPTION_NAMES: readonly string[] = [...IMAP_OPTION_NAMES, "onProgress"];
/** The callbacks an async call (`applyAsync`, `mapAsync`, `starmapAsync`) takes as well. */
export const CALLBACK_OPTION_NAMES: readonly string[] = ["callback", "errorCallback"];

const DEFAULT_CANCEL_GRACE_MS = 1000;
const DEFAULT_MAX_QUEUE = 1_000_000;

/** Pool options after defaults and checks. */
export interface PoolSettings extends IsolationSettings {
  readonly idleTimeout: number;
  readonly cancelGrace: number;
  readonly maxQueue: number;
  readonly maxTasksPerChild: number | null;
  readonly limits: CallLimits;
}

/** A timeout: > 0 ms or `Infinity`, else a `RangeError` naming `what`. */
export function timeoutOption(value: unknown, what: string): number {
  if (typeof value !== "number" || Number.isNaN(value) || value <= 0) {
    throw new RangeError(
      `${what} must be a number of milliseconds > 0 (or Infinity), received ${describe(value)}`,
    );
  }
  return value;
}

/** A retry count: an integer >= 0, else a `RangeError` naming `what`. */
export function retriesOption(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `${what} must be an integer >= 0, received ${describe(value)}`,
    );
  }
  return value;
}

/** Checks the pool options that the dispatcher and executors use. */
export function poolSettings(options: PoolOptions): PoolSettings {
  return {
    ...isolationSettings(options, "Pool"),
    idleTimeout: options.idleTimeout === undefined
      ? defaultIdleTimeout()
      : check.duration(options.idleTimeout, "Pool option idleTimeout"),
    cancelGrace: options.cancelGrace === undefined
      ? DEFAULT_CANCEL_GRACE_MS
      : check.duration(options.cancelGrace, "Pool option cancelGrace"),
    maxQueue: options.maxQueue === undefined
      ? DEFAULT_MAX_QUEUE
      : check.positiveInteger(options.maxQueue, "Pool option maxQueue"),
    maxTasksPerChild: options.maxTasksPerChild === undefined
      ? null
      : check.positiveInteger(options.maxTasksPerChild, "Pool option maxTasksPerChild"),
    limits: {
      timeout: options.timeout === undefined
        ? Infinity
        : timeoutOption(options.timeout, "Pool option timeout"),
      signal: null,
      retries: options.retries === undefined
        ? 0
        : retriesOption(options.retries, "Pool option retries"),
    },
  };
}

/** A call's limits: its own options over the pool's defaults. */
export function callLimits(
  options: LimitOptions,
  defaults: CallLimits,
  method: string,
): CallLimits {
  // Most calls set none: they share the pool's object instead of allocating one each.
  if (
    options.signal === undefined && options.timeout === undefined &&
    options.retries === undefined
  ) return defaults;
  const signal = options.signal ?? null;
  if (signal !== null && !(signal instanceof AbortSignal)) {
    throw new TypeError(
      `${method} option signal must be an AbortSignal, received ${describe(signal)}`,
    );
  }
  return {
    timeout: options.timeout === undefined
      ? defaults.timeout
      : timeoutOption(options.timeout, `${method} option timeout`),
    signal,
    retries: options.retries === undefined
      ? defaults.retries
      : retriesOption(options.retries, `${method} option retries`),
  };
}
