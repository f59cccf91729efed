/**
 * The Redis key names of one queue. Every key carries the same hash tag, `{mp:<queue>}`, so that
 * on a Redis Cluster a whole queue lives on one slot and a `MULTI` may touch any of its keys.
 * Names that go inside a key (queue names, pool ids, worker names) are checked here, because a
 * `{`, `}` or `:` in them would move a key to another slot or make two names share a key.
 *
 * @module
 */

/** The longest queue name, pool id or worker name accepted. */
export const MAX_NAME_LENGTH = 100;

/** The consumer group every worker of a queue reads the task stream in. */
export const GROUP = "workers";

// `{` and `}` decide the hash tag, `:` separates the parts of a key, whitespace and control
// characters make keys that cannot be typed back into redis-cli.
// deno-lint-ignore no-control-regex
const FORBIDDEN = /[{}:\s\u0000-\u001f\u007f]/u;

/**
 * Checks a name that becomes part of a key.
 *
 * @param name The value to check.
 * @param what What it is, for the message (`"queue name"`, `"pool id"`, `"worker name"`).
 * @returns `name`, typed as a string.
 * @throws {TypeError} When `name` is not a string or holds `{`, `}`, `:`, whitespace or a
 * control character.
 * @throws {RangeError} When `name` is empty or longer than {@linkcode MAX_NAME_LENGTH}.
 *
 * @example
 * ```ts
 * import { checkName } from "./keys.ts";
 * import assert from "node:assert/strict";
 * assert.equal(checkName("host-42-ab12", "worker name"), "host-42-ab12");
 * assert.throws(() => checkName("a:b", "pool id"), TypeError);
 * ```
 */
export function checkName(name: unknown, what: string): string {
  if (typeof name !== "string") {
    throw new TypeError(`The ${what} must be a string, received ${typeof name}`);
  }
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new RangeError(
      `The ${what} must have 1 to ${MAX_NAME_LENGTH} characters, received ${name.length}`,
    );
  }
  const bad = FORBIDDEN.exec(name);
  if (bad !== null) {
    throw new TypeError(
      `The ${what} ${JSON.stringify(name)} holds ${
        JSON.stringify(bad[0])
      } at index ${bad.index}: ` +
        "names that go into Redis keys may not hold '{', '}', ':', whitespace or control characters",
    );
  }
  return name;
}

/** The key names of one queue; see {@linkcode queueKeys}. */
export interface QueueKeys {
  /** The queue name, as given. */
  readonly queue: string;
  /** The hash tag every key starts with, `{mp:<queue>}`. */
  readonly tag: string;
  /** The task stream (consumer group {@linkcode GROUP}). */
  readonly tasks: string;
  /** The pub/sub channel cancel broadcasts go on. */
  readonly cancel: string;
  /** The sorted set of worker names, scored by the expiry of their announcement (ms). */
  readonly workers: string;
  /** A pool's liveness key (`PX` TTL). */
  pool(id: string): string;
  /** A pool's reply stream. */
  replies(id: string): string;
  /** A pool's set of cancelled call numbers. */
  cancelled(id: string): string;
  /** A worker's announcement. */
  worker(name: string): string;
  /** The key of a blob, by the hex SHA-256 of its bytes. */
  blob(sha256: string): string;
  /** Whether `key` is a blob key of this queue. */
  isBlob(key: string): boolean;
}

/**
 * The key names of `queue`.
 *
 * @param queue The queue name: 1 to 100 characters, none of `{`, `}`, `:` or whitespace.
 * @returns Its keys, each starting with `{mp:<queue>}`.
 * @throws {TypeError | RangeError} When the queue name, or a pool id or worker name given to
 * one of the returned functions, is not a valid name (see {@linkcode checkName}).
 *
 * @example
 * ```ts
 * import { queueKeys } from "./keys.ts";
 * import assert from "node:assert/strict";
 * const keys = queueKeys("default");
 * assert.equal(keys.tasks, "{mp:default}:tasks");
 * assert.equal(keys.replies("p1"), "{mp:default}:pool:p1:replies");
 * ```
 */
export function queueKeys(queue: string): QueueKeys {
  const tag = `{mp:${checkName(queue, "queue name")}}`;
  const pool = (id: string): string => `${tag}:pool:${checkName(id, "pool id")}`;
  const blobPrefix = `${tag}:blob:`;
  return {
    queue,
    tag,
    tasks: `${tag}:tasks`,
    cancel: `${tag}:cancel`,
    workers: `${tag}:workers`,
    pool,
    replies: (id) => `${pool(id)}:replies`,
    cancelled: (id) => `${pool(id)}:cancelled`,
    worker: (name) => `${tag}:worker:${checkName(name, "worker name")}`,
    blob: (sha256) => {
      if (!/^[0-9a-f]{64}$/.test(sha256)) {
        throw new TypeError(`A blob is named by 64 lowercase hex digits, received "${sha256}"`);
      }
      return blobPrefix + sha256;
    },
    isBlob: (key) =>
      key.startsWith(blobPrefix) && /^[0-9a-f]{64}$/.test(key.slice(blobPrefix.length)),
  };
}
