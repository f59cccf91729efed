/**
 * What keeps a long-lived pool's keys small and lets it tell what a restarted server lost: the
 * trimming of the replies it has read, and whether its entries are still in the task stream.
 * Each function is one method of the Redis broker.
 *
 * @module
 */
import { checkStreamId } from "./_redis_entries.ts";
import type { RedisSession } from "./_redis_session.ts";

/**
 * The smallest stream id after `id`: XTRIM MINID keeps the ids ≥ its threshold, so trimming
 * "through" `id` needs the next one.
 */
export function nextStreamId(id: string): string {
  const [ms, seq] = checkStreamId(id).split("-") as [string, string];
  const next = BigInt(seq) + 1n;
  // A sequence at its largest ends its millisecond: the next id starts the next one.
  return next > 0xffff_ffff_ffff_ffffn ? `${BigInt(ms) + 1n}-0` : `${ms}-${next}`;
}

/**
 * XTRIM … MINID of the pool's reply stream just past `through`. Replies are added in id order,
 * so every reply up to `through` was read by the pool that trims, and every later one stays.
 * Exact trimming (not `~`): the pool reads little enough that the cost does not matter.
 */
export async function trimReplies(s: RedisSession, pool: string, through: string): Promise<void> {
  const key = s.keys.replies(pool);
  const threshold = nextStreamId(through);
  await s.run(
    `trimming the replies of pool ${pool} through ${through}`,
    (client) => client.call("XTRIM", key, "MINID", threshold),
  );
}

/** XRANGE <id> <id> of each entry in one pipeline: whether each is still in the task stream. */
export async function queued(s: RedisSession, ids: readonly string[]): Promise<boolean[]> {
  ids.forEach((id) => checkStreamId(id));
  if (ids.length === 0) return [];
  return await s.run(`looking for ${ids.length} entries in ${s.keys.tasks}`, async (client) => {
    const pipeline = client.pipeline();
    for (const id of ids) pipeline.call("XRANGE", s.keys.tasks, id, id, "COUNT", 1);
    const answers = (await pipeline.exec()) ?? [];
    return ids.map((_, i) => {
      const [error, rows] = answers[i] ?? [new Error("no answer")];
      if (error) throw error;
      return Array.isArray(rows) && rows.length > 0;
    });
  });
}

/** The server's `run_id` from INFO server: a new one after each restart. */
export async function serverId(s: RedisSession): Promise<string> {
  const info = await s.run("reading the server's run_id", (client) => client.info("server"));
  const id = /^run_id:([0-9a-f]+)\r?$/m.exec(String(info))?.[1];
  if (id === undefined) {
    throw new Error("the server's INFO server has no run_id: is it Redis or Valkey >= 7.0?");
  }
  return id;
}
