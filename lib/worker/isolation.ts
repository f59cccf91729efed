/**
 * Where tasks run, shared by Pool and Process: worker threads or child processes, under which
 * permissions and heap limit.
 *
 * @module
 */
import * as check from "../internal/check.ts";
import { describe } from "../internal/check.ts";
import { checkPermissions, type PermissionsOption } from "./permissions.ts";

/**
 * Where tasks run: worker threads in this process, or child `deno` processes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../pool/pool.ts";
 * const isolation: Isolation = "process";
 * await using pool = new Pool({ processes: 1, isolation });
 * assert.equal(pool.isolation, "process");
 * // A child process has a pid of its own; a worker thread would report this process's.
 * assert.notEqual(await pool.apply(() => Deno.pid), Deno.pid);
 * ```
 */
export type Isolation = "thread" | "process";

/** The checked options that decide how executors start. */
export interface IsolationSettings {
  readonly isolation: Isolation;
  readonly permissions: PermissionsOption;
  readonly heapLimitMb: number | null;
}

/**
 * The options that decide where tasks run, shared by Pool and Process.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../pool/pool.ts";
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
