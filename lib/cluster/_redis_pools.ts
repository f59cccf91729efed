/**
 * The keys of one pool (reply stream, liveness, cancel marks), the blobs pools share, and the
 * workers' announcements. Each function is one method of the Redis broker.
 *
 * @module
 */
import type { Redis } from "npm:ioredis@6.1.0";
import { createHash } from "node:crypto";
import type { Reply, WorkerInfo } from "./broker.ts";
import { checkName } from "./keys.ts";
import { asBuffer, asBytes, checkStreamId, readStreamReply } from "./_redis_entries.ts";
import { checkCount, checkMs, checkWorker, parseJson } from "./_redis_checks.ts";
import type { RedisSession } from "./_redis_session.ts";

const REPLY_BATCH = 1000;
// Workers on machines whose clocks run behind still count; their key's TTL decides.
const CLOCK_SKEW_MS = 60_000;

/** XREAD of the pool's reply stream after `after`, at most 1000 replies. */
export async function replies(
  s: RedisSession,
  pool: string,
  after: string,
  blockMs: number,
): Promise<Reply[]> {
  const key = s.keys.replies(pool);
  checkStreamId(after, true);
  checkMs(blockMs, "blockMs");
  const args = ["COUNT", REPLY_BATCH];
  if (blockMs > 0) args.push("BLOCK", blockMs);
  args.push("STREAMS", key, after);
  const what = `reading the replies of pool ${pool} after ${after}`;
  const command = (client: Redis): Promise<unknown> => client.callBuffer("XREAD", ...args);
  const raw = blockMs > 0
    ? await s.runBlocking(what, blockMs, command)
    : await s.run(what, command);
  return readStreamReply(raw).flatMap(({ id, fields }) => {
    const body = fields?.get("body");
    if (body !== undefined) return [{ id, body: asBytes(body) }];
    s.onMalformed(`${key}: reply ${id} has no body; skipped`);
    return [];
  });
}

/** SADD + PEXPIRE of the marks and PUBLISH of the broadcast, in one MULTI. */
export async function cancel(
  s: RedisSession,
  pool: string,
  calls: readonly number[],
): Promise<void> {
  const marks = s.keys.cancelled(pool);
  for (const call of calls) {
    if (!Number.isSafeInteger(call) || call < 0) {
      throw new RangeError(`A call number is an integer ≥ 0, received ${call}`);
    }
  }
  if (calls.length === 0) return;
  const message = JSON.stringify({ pool, calls });
  await s.transaction(`cancelling ${calls.length} calls of pool ${pool}`, (multi) => {
    multi.call("SADD", marks, ...calls).call("PEXPIRE", marks, s.replyTtlMs)
      .call("PUBLISH", s.keys.cancel, message);
  });
}

/** The marked calls of `pool`, ascending. */
export async function cancelledCalls(s: RedisSession, pool: string): Promise<number[]> {
  const marks = s.keys.cancelled(pool);
  const what = `reading the cancelled calls of pool ${pool}`;
  const members = await s.run(what, (client) => client.smembers(marks));
  return members.map(Number).filter(Number.isSafeInteger).sort((a, b) => a - b);
}

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** SET … PX … NX under the bytes' SHA-256, unless stored already (then its TTL only grows). */
export async function putBlob(s: RedisSession, bytes: Uint8Array, ttlMs: number): Promise<string> {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`A blob must be a Uint8Array, received ${typeof bytes}`);
  }
  checkCount(ttlMs, "ttlMs");
  const key = s.keys.blob(sha256(bytes));
  const what = `storing a blob of ${bytes.byteLength} bytes`;
  // Stored already (by this pool or another): only make it live at least ttlMs more.
  const [, exists] = await s.transaction(what, (multi) => {
    multi.call("PEXPIRE", key, ttlMs, "GT").call("EXISTS", key);
  });
  if (Number(exists) === 1) return key;
  await s.transaction(what, (multi) => {
    multi.call("SET", key, asBuffer(bytes), "PX", ttlMs, "NX").call("PEXPIRE", key, ttlMs, "GT");
  });
  return key;
}

/** GET of a blob key of this queue, its bytes checked against the SHA-256 in its name. */
export async function getBlob(s: RedisSession, key: string): Promise<Uint8Array | null> {
  if (typeof key !== "string" || !s.keys.isBlob(key)) {
    throw new TypeError(`Not a blob key of queue ${s.keys.queue}: ${JSON.stringify(key)}`);
  }
  const value = await s.run(`reading blob ${key}`, (client) => client.getBuffer(key));
  if (value === null) return null;
  const digest = sha256(value);
  if (!key.endsWith(digest)) {
    throw new Error(
      `Redis ${s.url}: blob ${key} holds ${value.byteLength} bytes whose SHA-256 is ${digest}: ` +
        "it was overwritten by something other than a pool",
    );
  }
  return asBytes(value);
}

/** SET … GET of the pool's liveness key with a TTL: whether the key was there before. */
export async function keepAlive(s: RedisSession, pool: string, ttlMs: number): Promise<boolean> {
  const key = s.keys.pool(pool);
  checkCount(ttlMs, "ttlMs");
  const what = `keeping pool ${pool} alive`;
  const before = await s.run(what, (client) => client.call("SET", key, "1", "PX", ttlMs, "GET"));
  return before !== null;
}

/** Whether the pool's liveness key exists. */
export async function isAlive(s: RedisSession, pool: string): Promise<boolean> {
  const key = s.keys.pool(pool);
  return (await s.run(`checking pool ${pool}`, (client) => client.exists(key))) === 1;
}

/** DEL of every key of the pool. */
export async function forget(s: RedisSession, pool: string): Promise<void> {
  const keys = [s.keys.pool(pool), s.keys.replies(pool), s.keys.cancelled(pool)];
  await s.run(`deleting the keys of pool ${pool}`, (client) => client.del(...keys));
}

/** The worker's info with a TTL and its name in the sorted set, in one MULTI. */
export async function announce(s: RedisSession, worker: WorkerInfo, ttlMs: number): Promise<void> {
  const checked = checkWorker(worker);
  if (typeof checked === "string") throw new TypeError(`Cannot announce the worker: ${checked}`);
  checkCount(ttlMs, "ttlMs");
  const now = Date.now();
  await s.transaction(`announcing worker ${checked.name}`, (multi) => {
    multi.call("SET", s.keys.worker(checked.name), JSON.stringify(checked), "PX", ttlMs)
      .call("ZADD", s.keys.workers, now + ttlMs, checked.name)
      .call("ZREMRANGEBYSCORE", s.keys.workers, "-inf", now - CLOCK_SKEW_MS);
  });
}

/** The workers in the sorted set whose info key has not expired; forged infos are skipped. */
export async function workers(s: RedisSession): Promise<WorkerInfo[]> {
  return await s.run("listing the workers", async (client) => {
    const names = await client.zrangebyscore(s.keys.workers, Date.now() - CLOCK_SKEW_MS, "+inf");
    const valid = names.filter((name) => {
      try {
        return checkName(name, "worker name") === name;
      } catch {
        return false;
      }
    });
    if (valid.length === 0) return [];
    const infos = await client.mget(...valid.map((name) => s.keys.worker(name)));
    return infos.flatMap((info, i) => {
      if (info === null) return []; // its announcement lapsed
      const worker = checkWorker(parseJson(info), valid[i]);
      if (typeof worker !== "string") return [worker];
      s.onMalformed(`${s.keys.worker(valid[i]!)}: ${worker}; skipped`);
      return [];
    });
  });
}
