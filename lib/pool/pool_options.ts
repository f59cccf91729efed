/**
 * The options of a Pool and of its calls, with their defaults and checks.
 *
 * @module
 */
import type { CallLimits } from "./calls.ts";
import type { IsolationSettings } from "./executors.ts";
import * as check from "./options.ts";
import { defaultIdleTimeout } from "./_idle_release.ts";
import { describe } from "./task_ref.ts";
import { checkPermissions, type PermissionsOption } from "./permissions.ts";

/**
 * Where tasks run: worker threads in this process, or child `deno` processes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "./pool.ts";
 * const isolation: Isolation = "process";
 * await using pool = new Pool({ processes: 1, isolation });
 * assert.equal(pool.isolation, "process");
 * // A child process has a pid of its own; a worker thread would report this process's.
 * assert.notEqual(await pool.apply(() => Deno.pid), Deno.pid);
 * ```
 */
export type Isolation = "thread" | "process";

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
];
/** The names of the options of `new Process()`. */
export const PROCESS_OPTION_NAMES: readonly string[] = [
  "target",
  "args",
  "name",
  "module",
  "isolation",
  "permissions",
  "heapLimitMb",
];

/** The names of {@linkcode CallOptions}, checked so that an unknown one is not ignored. */
export const CALL_OPTION_NAMES: readonly string[] = ["signal", "timeout", "retries", "transfer"];
/** The names of {@linkcode MapOptions}. */
export const MAP_OPTION_NAMES: readonly string[] = ["chunksize", "signal", "timeout", "retries"];
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

/**
 * The options that decide where tasks run, shared by Pool and Process.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "./pool.ts";
 * import { Process } from "../process/process.ts";
 * // Child processes with no permissions and a 256 MiB heap each, for a Pool and a Process.
 * const sandbox: IsolationOptions = {
 *   isolation: "process",
 *   permissions: "none",
 *   heapLimitMb: 256,
 * };
 * await using pool = new Pool({ processes: 1, ...sandbox });
 * const netState = () => Deno.permissions.querySync({ name: "net" }).state;
 * assert.equal(await pool.apply(netState), "prompt");
 * const child = new Process({ ...sandbox, target: (n: number) => n * 2, args: [21] });
 * child.start();
 * await child.join();
 * assert.equal(child.exitCode, 0);
 * ```
 */
export interface IsolationOptions {
  /**
   * `"thread"` (default): Web Workers in this process. `"process"`: child `deno` processes,
   * as Python's `multiprocessing` has; a runaway or crashing task cannot harm the parent, at
   * the cost of process start-up and serialized messages; shared-memory objects cannot cross.
   */
  isolation?: Isolation;
  /**
   * What tasks may do: `"inherit"` (default), `"none"`, or per kind (`{ read: ["./data"],
   * net: false }`). Threads need `--unstable-worker-options`; processes get `--allow-*` flags.
   */
  permissions?: PermissionsOption;
  /**
   * Heap limit per child process in MiB (`isolation: "process"` only): an integer from 16 (a
   * child needs about 6 MiB just to start and run a trivial task) to 2^31−1.
   */
  heapLimitMb?: number;
}

/**
 * Smallest `heapLimitMb`: measured with Deno 2.9, a child given `--max-old-space-size` of 4 MiB
 * or less dies before running a task, one of 6 runs a trivial task; 16 leaves room for a
 * task's own module and data.
 */
export const MIN_HEAP_LIMIT_MB = 16;
/** Largest `heapLimitMb`: beyond any machine's memory, and still printed without an exponent. */
export const MAX_HEAP_LIMIT_MB = 2 ** 31 - 1;

function heapLimit(value: unknown, what: string): number {
  const mb = check.positiveInteger(value, what);
  if (mb < MIN_HEAP_LIMIT_MB || mb > MAX_HEAP_LIMIT_MB) {
    throw new RangeError(
      `${what} must be from ${MIN_HEAP_LIMIT_MB} to ${MAX_HEAP_LIMIT_MB} (MiB), received ${mb}: ` +
        `a child process needs about 6 MiB of heap just to start`,
    );
  }
  return mb;
}

/** Checks `isolation`, `permissions` and `heapLimitMb` of a Pool or Process (`owner`). */
export function isolationSettings(options: IsolationOptions, owner: string): IsolationSettings {
  const isolation = options.isolation === undefined ? "thread" : options.isolation;
  if (isolation !== "thread" && isolation !== "process") {
    throw new TypeError(
      `${owner} option isolation must be "thread" or "process", received ${describe(isolation)}`,
    );
  }
  const heapLimitMb = options.heapLimitMb === undefined
    ? null
    : heapLimit(options.heapLimitMb, `${owner} option heapLimitMb`);
  if (heapLimitMb !== null && isolation !== "process") {
    throw new TypeError(
      `${owner} option heapLimitMb needs isolation: "process": Deno's worker threads take no ` +
        "heap limit, while a child process gets V8's --max-old-space-size",
    );
  }
  const permissions = options.permissions === undefined
    ? "inherit"
    : checkPermissions(options.permissions, `${owner} option permissions`);
  return { isolation, permissions, heapLimitMb };
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
