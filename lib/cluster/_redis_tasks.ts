/**
 * The task stream of a queue, read by one consumer group: what pools write and workers take,
 * answer, renew and hand back. Each function is one method of the Redis broker.
 *
 * @module
 */
import type { Redis } from "npm:ioredis@6.1.0";
import type { Delivery, TaskEnvelope } from "./broker.ts";
import { checkName, GROUP } from "./keys.ts";
import { isNoGroup } from "./_redis_client.ts";
import {
  asBuffer,
  checkEnvelope,
  checkStreamId,
  type RawEntry,
  readAutoclaim,
  readStreamReply,
  taskFields,
  toDelivery,
} from "./_redis_entries.ts";
import { checkCount, checkMs } from "./_redis_checks.ts";
import type { RedisSession } from "./_redis_session.ts";

// An idle time no sweep's min-idle reaches, yet below the server clock (a larger one counts as 0).
const RELEASED_IDLE_MS = 100_000_000_000;

/** XADDs `entries` in one MULTI, in order. */
export async function enqueue(
  s: RedisSession,
  entries: readonly TaskEnvelope[],
): Promise<string[]> {
  entries.forEach(checkEnvelope);
  if (entries.length === 0) return [];
  const ids = await s.transaction(`enqueueing ${entries.length} entries`, (multi) => {
    for (const entry of entries) multi.call("XADD", s.keys.tasks, "*", ...taskFields(entry));
  });
  return ids.map(String);
}

/**
 * XDELs the entries of `ids` that are in no consumer's pending list. Not atomic: an entry read
 * between the XPENDING and the XDEL is deleted while its worker runs it; its reply still counts.
 */
export async function withdraw(s: RedisSession, ids: readonly string[]): Promise<number> {
  ids.forEach((id) => checkStreamId(id));
  if (ids.length === 0) return 0;
  return await s.withGroup(`withdrawing ${ids.length} entries`, async (client) => {
    const pipeline = client.pipeline();
    for (const id of ids) pipeline.call("XPENDING", s.keys.tasks, GROUP, id, id, 1);
    const pending = await pipeline.exec();
    const undelivered = ids.filter((_, i) => {
      const [error, rows] = pending?.[i] ?? [new Error("no answer")];
      if (error) throw error;
      return Array.isArray(rows) && rows.length === 0;
    });
    if (undelivered.length === 0) return 0;
    return Number(await client.call("XDEL", s.keys.tasks, ...undelivered));
  });
}

/** XREADGROUP `>`; after NOGROUP it makes the group and reads nothing this time. */
export async function read(
  s: RedisSession,
  consumer: string,
  count: number,
  blockMs: number,
): Promise<Delivery[]> {
  checkName(consumer, "consumer name");
  checkCount(count, "count");
  checkMs(blockMs, "blockMs");
  const args = ["GROUP", GROUP, consumer, "COUNT", count];
  // BLOCK 0 would wait forever: 0 means do not wait.
  if (blockMs > 0) args.push("BLOCK", blockMs);
  args.push("STREAMS", s.keys.tasks, ">");
  const what = `reading ${count} entries for ${consumer}`;
  const command = (client: Redis): Promise<unknown> => client.callBuffer("XREADGROUP", ...args);
  let raw: unknown;
  try {
    raw = blockMs > 0 ? await s.runBlocking(what, blockMs, command) : await s.run(what, command);
  } catch (error) {
    if (!isNoGroup((error as Error).cause)) throw error;
    await s.createGroup();
    return [];
  }
  return await deliveries(s, consumer, readStreamReply(raw), () => 1);
}

/** The deliveries among `entries`; the malformed ones are reported, acknowledged and deleted. */
async function deliveries(
  s: RedisSession,
  consumer: string,
  entries: RawEntry[],
  count: (id: string) => number,
): Promise<Delivery[]> {
  const good: Delivery[] = [];
  const bad: string[] = [];
  for (const entry of entries) {
    const delivery = toDelivery(entry, count(entry.id));
    if (typeof delivery === "string") {
      s.onMalformed(`${s.keys.tasks}: ${delivery}; dropped`);
      bad.push(entry.id);
    } else good.push(delivery);
  }
  if (bad.length > 0) {
    await s.transaction(`dropping ${bad.length} malformed entries for ${consumer}`, (multi) => {
      multi.call("XACK", s.keys.tasks, GROUP, ...bad).call("XDEL", s.keys.tasks, ...bad);
    });
  }
  return good;
}

/** The reply (XADD + PEXPIRE) and the entry's XACK + XDEL, in one MULTI. */
export async function settle(
  s: RedisSession,
  delivery: Delivery,
  reply: Uint8Array,
): Promise<void> {
  const id = checkStreamId(delivery?.id);
  const replies = s.keys.replies(delivery.pool);
  if (!(reply instanceof Uint8Array)) {
    throw new TypeError(`A reply must be a Uint8Array, received ${typeof reply}`);
  }
  await s.transaction(`settling entry ${id} of pool ${delivery.pool}`, (multi) => {
    multi.call("XADD", replies, "*", "body", asBuffer(reply))
      .call("PEXPIRE", replies, s.replyTtlMs)
      .call("XACK", s.keys.tasks, GROUP, id)
      .call("XDEL", s.keys.tasks, id);
  });
}

/** XCLAIM with min-idle 0 (resets the idle time) and JUSTID (leaves the delivery count). */
export async function renew(
  s: RedisSession,
  consumer: string,
  ids: readonly string[],
): Promise<void> {
  checkName(consumer, "consumer name");
  ids.forEach((id) => checkStreamId(id));
  if (ids.length === 0) return;
  await s.withGroup(
    `renewing ${ids.length} entries of ${consumer}`,
    (client) => client.call("XCLAIM", s.keys.tasks, GROUP, consumer, 0, ...ids, "JUSTID"),
  );
}

/**
 * XCLAIM … IDLE <years> JUSTID: the next sweep of any consumer takes the entries. With
 * `deliveries` (each entry's count as delivered), XCLAIM's RETRYCOUNT sets the count one lower,
 * so that the sweep's claim brings it back: a hand-back is not counted as another delivery.
 */
export async function release(
  s: RedisSession,
  consumer: string,
  ids: readonly string[],
  deliveries?: readonly number[],
): Promise<void> {
  checkName(consumer, "consumer name");
  ids.forEach((id) => checkStreamId(id));
  if (ids.length === 0) return;
  const what = `releasing ${ids.length} entries of ${consumer}`;
  if (deliveries === undefined) {
    const args = [s.keys.tasks, GROUP, consumer, 0, ...ids, "IDLE", RELEASED_IDLE_MS, "JUSTID"];
    await s.withGroup(what, (c) => c.call("XCLAIM", ...args));
    return;
  }
  if (deliveries.length !== ids.length || !deliveries.every((n) => Number.isSafeInteger(n))) {
    throw new TypeError(
      `release() needs one delivery count (an integer) per id: ${ids.length} ids, ` +
        `${deliveries.length} counts`,
    );
  }
  await s.transaction(what, (multi) => {
    ids.forEach((id, i) => {
      const retries = Math.max(0, deliveries[i]! - 1);
      multi.call(
        "XCLAIM",
        s.keys.tasks,
        GROUP,
        consumer,
        0,
        id,
        "IDLE",
        RELEASED_IDLE_MS,
        "RETRYCOUNT",
        retries,
        "JUSTID",
      );
    });
  });
}

/**
 * XAUTOCLAIM, page after page until `count` entries or the end of the pending list, then each
 * entry's delivery count read back with XPENDING for `consumer`: an entry another sweep took in
 * between is no longer in our list and is left out.
 */
export async function reclaim(
  s: RedisSession,
  consumer: string,
  minIdleMs: number,
  count: number,
): Promise<Delivery[]> {
  checkName(consumer, "consumer name");
  checkMs(minIdleMs, "minIdleMs");
  checkCount(count, "count");
  const what = `reclaiming ${count} entries idle ≥ ${minIdleMs} ms for ${consumer}`;
  const claimed: RawEntry[] = [];
  let cursor = "0-0";
  do {
    const left = count - claimed.length;
    const raw = await s.withGroup(
      what,
      (client) =>
        client.callBuffer(
          "XAUTOCLAIM",
          s.keys.tasks,
          GROUP,
          consumer,
          minIdleMs,
          cursor,
          "COUNT",
          left,
        ),
    );
    const page = readAutoclaim(raw);
    claimed.push(...page.entries);
    cursor = page.cursor;
  } while (cursor !== "0-0" && claimed.length < count);
  if (claimed.length === 0) return [];
  const counts = await s.withGroup(what, async (client) => {
    const pipeline = client.pipeline();
    for (const { id } of claimed) {
      pipeline.call("XPENDING", s.keys.tasks, GROUP, id, id, 1, consumer);
    }
    return (await pipeline.exec()) ?? [];
  });
  const owned = new Map<string, number>();
  for (const [error, rows] of counts) {
    if (error) throw s.failure(what, error);
    const row = Array.isArray(rows) ? rows[0] : undefined;
    if (Array.isArray(row)) owned.set(String(row[0]), Number(row[3]));
  }
  const ours = claimed.filter(({ id, fields }) => owned.has(id) || fields === null);
  return await deliveries(s, consumer, ours, (id) => owned.get(id) ?? 0);
}
