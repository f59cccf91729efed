/**
 * The options of a {@linkcode ClusterWorker} (and of `cluster_worker.ts`'s flags), with their
 * defaults and checks. There is no default that lets a worker import any module: whoever can
 * write to the queue could then make it run anything.
 *
 * @module
 */
import { type Isolation, type IsolationOptions, isolationSettings } from "../worker/isolation.ts";

type Permissions = NonNullable<IsolationOptions["permissions"]>;

/** Options of a {@linkcode ClusterWorker}. */
export interface ClusterWorkerOptions {
  /** The Redis server, `redis://…` or `rediss://…`. */
  readonly redis: string;
  /** The queue to read (default `"default"`). */
  readonly queue?: string;
  /** Units run at once, by a local Pool of this many workers per (pool, module) (default 1). */
  readonly processes?: number;
  /** Module URL prefixes tasks may be imported from: at least one, required. */
  readonly allowModule: readonly string[];
  /** Accept tasks sent as source text (default false; see the README's security model). */
  readonly allowSource?: boolean;
  /** Where units run: `"thread"` (default) or `"process"`. */
  readonly isolation?: Isolation;
  /** The permissions of each local worker (`"none"` for a sandbox). */
  readonly permissions?: Permissions;
  /** Heap limit of each local worker process, in MiB (with `isolation: "process"`). */
  readonly heapLimitMb?: number;
  /** Replace a local worker after this many units. */
  readonly maxTasksPerChild?: number;
  /** Lease of an entry in ms: a worker silent this long is taken for dead (default 5000). */
  readonly visibility?: number;
  /** Entries held per local process beyond the one running (default 1: none waiting). */
  readonly prefetch?: number;
  /** How long a local Pool may stay idle before it is closed, in ms (default 30 000). */
  readonly idleCloseMs?: number;
  /** How long `stop()` lets running units finish before handing them back (default 10 000). */
  readonly stopGraceMs?: number;
}

/** The options after defaults and checks. */
export interface ClusterWorkerSettings {
  readonly redis: string;
  readonly queue: string;
  readonly processes: number;
  readonly allowModule: readonly string[];
  readonly allowSource: boolean;
  readonly isolation: Isolation | undefined;
  readonly permissions: Permissions | undefined;
  readonly heapLimitMb: number | undefined;
  readonly maxTasksPerChild: number | undefined;
  readonly visibility: number;
  readonly prefetch: number;
  readonly idleCloseMs: number;
  readonly stopGraceMs: number;
}

const KNOWN = new Set([
  "redis",
  "queue",
  "processes",
  "allowModule",
  "allowSource",
  "isolation",
  "permissions",
  "heapLimitMb",
  "maxTasksPerChild",
  "visibility",
  "prefetch",
  "idleCloseMs",
  "stopGraceMs",
]);

function integer(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `The cluster worker's ${what} must be an integer from ${min} to ${max}, received ${
        typeof value === "number" ? value : typeof value
      }`,
    );
  }
  return value;
}

/**
 * Checks `options` and fills in the defaults.
 *
 * @throws {TypeError} for a missing Redis URL, an unknown option, or no `allowModule` prefix.
 * @throws {RangeError} for a count or duration out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const settings = clusterWorkerSettings({
 *   redis: "redis://127.0.0.1:6379",
 *   allowModule: ["https://example.com/tasks/"],
 * });
 * assert.equal(settings.processes, 1);
 * assert.throws(() => clusterWorkerSettings({ redis: "redis://x", allowModule: [] }), /--allow-module/);
 * ```
 */
export function clusterWorkerSettings(options: ClusterWorkerOptions): ClusterWorkerSettings {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`ClusterWorker options must be an object, received ${options}`);
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) {
      throw new TypeError(
        `Unknown ClusterWorker option ${JSON.stringify(name)}: known are ${[...KNOWN].join(", ")}`,
      );
    }
  }
  if (typeof options.redis !== "string" || options.redis === "") {
    throw new TypeError("ClusterWorker option redis (--redis) must be a redis:// or rediss:// URL");
  }
  const allow = options.allowModule;
  if (!Array.isArray(allow) || allow.length === 0) {
    throw new TypeError(
      "A cluster worker needs at least one module URL prefix it may import tasks from " +
        "(option allowModule, flag --allow-module <prefix>): there is no default that allows " +
        "every module, since whoever can write to the queue could then run any code",
    );
  }
  for (const prefix of allow) {
    if (typeof prefix !== "string" || !URL.canParse(prefix)) {
      throw new TypeError(
        `Each --allow-module prefix must be an absolute URL (https://host/dir/ or file:///dir/), ` +
          `received ${JSON.stringify(prefix)}`,
      );
    }
  }
  // Checked now, so a bad flag fails at start rather than at the first entry.
  const isolationOptions: IsolationOptions = {};
  if (options.isolation !== undefined) isolationOptions.isolation = options.isolation;
  if (options.permissions !== undefined) isolationOptions.permissions = options.permissions;
  if (options.heapLimitMb !== undefined) isolationOptions.heapLimitMb = options.heapLimitMb;
  isolationSettings(isolationOptions, "ClusterWorker");
  if (options.maxTasksPerChild !== undefined) {
    integer(options.maxTasksPerChild, "maxTasksPerChild (--max-tasks-per-child)", 1, 2 ** 31 - 1);
  }
  return {
    redis: options.redis,
    queue: options.queue ?? "default",
    processes: integer(options.processes ?? 1, "processes (--processes)", 1, 1024),
    allowModule: [...allow],
    allowSource: options.allowSource ?? false,
    isolation: options.isolation,
    permissions: options.permissions,
    heapLimitMb: options.heapLimitMb,
    maxTasksPerChild: options.maxTasksPerChild,
    visibility: integer(options.visibility ?? 5000, "visibility (--visibility)", 300, 86_400_000),
    prefetch: integer(options.prefetch ?? 1, "prefetch (--prefetch)", 1, 1000),
    idleCloseMs: integer(options.idleCloseMs ?? 30_000, "idleCloseMs", 0, 86_400_000),
    stopGraceMs: integer(options.stopGraceMs ?? 10_000, "stopGraceMs", 0, 86_400_000),
  };
}
