/**
 * The `cluster` option of a Pool: where its Redis is and how the queue behaves, checked once when
 * the Pool is made. Some local Pool options belong to the workers in a cluster (they sandbox and
 * recycle their own threads); given to a cluster Pool, each is refused naming the worker flag
 * that replaces it, rather than silently ignored.
 *
 * @module
 */
import * as check from "../internal/check.ts";
import { describe } from "../internal/check.ts";
import { requireDeno } from "../internal/runtime.ts";
import { checkName } from "./keys.ts";
// The defaults alone, not the wire format: a Pool checks its options without loading it.
import { DEFAULT_BLOB_THRESHOLD, DEFAULT_MAX_ENTRY_BYTES } from "./_wire_options.ts";

/**
 * The `cluster` option as an object; a string is its `url`. Checked when the Pool is made, before
 * anything connects.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../pool/pool.ts";
 * const cluster: ClusterOptions = { url: "redis://127.0.0.1:6379", queue: "jobs" };
 * // Workers sandbox their tasks themselves: this option belongs to their command line.
 * assert.throws(
 *   () => new Pool({ cluster, module: import.meta.url, isolation: "process" }),
 *   /start the workers with --isolation/,
 * );
 * assert.throws(() => new Pool({ cluster: { ...cluster, visibility: 0 } }), RangeError);
 * ```
 */
export interface ClusterOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  url: string;
  /** The queue's name; pools and workers of one queue share its task stream. Default "default". */
  queue?: string;
  /**
   * Milliseconds an entry may go without its worker renewing the lease before another worker
   * takes it over (the worker died). Live workers renew every third of it, so long tasks never
   * run twice. Default 5000.
   */
  visibility?: number;
  /** Arguments and results whose encoding is over this many bytes travel once, by key. */
  blobThreshold?: number;
  /** Entries over this many bytes are refused with a `RangeError`. Default 64 MiB. */
  maxEntryBytes?: number;
  /** How long a Redis command may take before the call it serves rejects. Default 5000 ms. */
  brokerTimeout?: number;
}

/** {@linkcode ClusterOptions} after defaults and checks. */
export interface ClusterSettings {
  readonly url: string;
  readonly queue: string;
  readonly visibility: number;
  readonly blobThreshold: number;
  readonly maxEntryBytes: number;
  readonly brokerTimeout: number;
}

/** The names {@linkcode ClusterOptions} takes; any other is refused. */
export const CLUSTER_OPTION_NAMES: readonly string[] = [
  "url",
  "queue",
  "visibility",
  "blobThreshold",
  "maxEntryBytes",
  "brokerTimeout",
];

/** Pool options that a cluster's workers take as flags instead. */
export const WORKER_SIDE_OPTIONS: Readonly<Record<string, string>> = {
  isolation: "--isolation",
  permissions: "--permissions",
  heapLimitMb: "--heap-limit-mb",
  maxTasksPerChild: "--max-tasks-per-child",
};

const DEFAULT_VISIBILITY_MS = 5000;
const DEFAULT_BROKER_TIMEOUT_MS = 5000;

/**
 * Checks a Pool's `cluster` option and refuses the Pool options that belong to the workers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const settings = clusterSettings("redis://127.0.0.1:6379", {});
 * assert.equal(settings.queue, "default");
 * assert.throws(
 *   () => clusterSettings("redis://127.0.0.1:6379", { isolation: "process" }),
 *   /--isolation/,
 * );
 * ```
 */
export function clusterSettings(
  cluster: unknown,
  poolOptions: Readonly<Record<string, unknown>>,
): ClusterSettings {
  requireDeno("Pool option cluster (Redis connections)");
  for (const [name, flag] of Object.entries(WORKER_SIDE_OPTIONS)) {
    if (poolOptions[name] === undefined) continue;
    throw new TypeError(
      `Pool option ${name} does not apply to a cluster Pool: each worker sets it for the tasks ` +
        `it runs; start the workers with ${flag} instead`,
    );
  }
  const isObject = typeof cluster === "object" && cluster !== null && !Array.isArray(cluster);
  const options = (isObject ? cluster : { url: cluster }) as ClusterOptions;
  check.knownOptions(
    options,
    CLUSTER_OPTION_NAMES,
    "Pool option cluster",
    "see ClusterOptions for what each does",
  );
  return {
    url: redisUrl(options.url),
    queue: options.queue === undefined
      ? "default"
      : checkName(options.queue, "Pool option cluster.queue"),
    visibility: milliseconds(options.visibility, DEFAULT_VISIBILITY_MS, "visibility"),
    blobThreshold: bytes(options.blobThreshold, DEFAULT_BLOB_THRESHOLD, "blobThreshold"),
    maxEntryBytes: bytes(options.maxEntryBytes, DEFAULT_MAX_ENTRY_BYTES, "maxEntryBytes"),
    brokerTimeout: milliseconds(options.brokerTimeout, DEFAULT_BROKER_TIMEOUT_MS, "brokerTimeout"),
  };
}

function redisUrl(value: unknown): string {
  const url = typeof value === "string" && URL.canParse(value) ? new URL(value) : null;
  if (url === null || (url.protocol !== "redis:" && url.protocol !== "rediss:")) {
    // Never echo the text: a mistyped URL may still hold a password.
    const received = url !== null
      ? `a ${url.protocol} URL`
      : typeof value === "string"
      ? "a string that is not a URL"
      : describe(value);
    throw new TypeError(
      `Pool option cluster expects a redis:// or rediss:// URL (or { url, … }), received ${received}`,
    );
  }
  return value as string;
}

/** Timers cannot wait longer than this many milliseconds (a longer setTimeout fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function milliseconds(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new RangeError(
      `Pool option cluster.${name} must be a number of milliseconds > 0 and <= ${MAX_TIMER_MS}, ` +
        `received ${describe(value)}`,
    );
  }
  return value;
}

function bytes(value: unknown, fallback: number, name: string): number {
  return value === undefined
    ? fallback
    : check.positiveInteger(value, `Pool option cluster.${name}`);
}
