/**
 * `cluster_worker.ts status`: the live workers of a queue, its length and what each consumer
 * holds.
 *
 * @module
 */
import { connectRedis } from "../cluster/redis_broker.ts";
import { GROUP } from "../cluster/keys.ts";
import { Redis } from "npm:ioredis@6.1.0";

/** A queue's state as `status` prints it. */
export interface QueueStatus {
  readonly workers: readonly { name: string; host: string; pid: number; capacity: number }[];
  readonly length: number;
  readonly pending: readonly { consumer: string; entries: number }[];
}

/** Reads the status of `queue` on the server at `url`; every call bounded by 5 s. */
export async function queueStatus(url: string, queue: string): Promise<QueueStatus> {
  await using broker = await connectRedis(url, { queue });
  const workers = (await broker.workers()).map(({ name, host, pid, capacity }) => ({
    name,
    host,
    pid,
    capacity,
  }));
  const client = new Redis(url, {
    protocol: 2,
    lazyConnect: true,
    connectTimeout: 5000,
    commandTimeout: 5000,
    maxRetriesPerRequest: 1,
  });
  try {
    await client.connect();
    const length = await client.xlen(broker.keys.tasks);
    const summary = await client.call("XPENDING", broker.keys.tasks, GROUP) as unknown[];
    const rows = Array.isArray(summary?.[3]) ? summary[3] as [string, string][] : [];
    const pending = rows.map(([consumer, entries]) => ({ consumer, entries: Number(entries) }));
    return { workers, length, pending };
  } finally {
    client.disconnect();
  }
}

/** Prints {@linkcode queueStatus} as a few lines of text. */
export async function printStatus(url: string, queue: string): Promise<void> {
  const status = await queueStatus(url, queue);
  console.log(`queue ${queue}: ${status.length} entries in the stream`);
  console.log(`workers (${status.workers.length}):`);
  for (const w of status.workers) {
    console.log(`  ${w.name}  host ${w.host}  pid ${w.pid}  capacity ${w.capacity}`);
  }
  console.log("pending per consumer:");
  for (const p of status.pending) console.log(`  ${p.consumer}  ${p.entries}`);
}
