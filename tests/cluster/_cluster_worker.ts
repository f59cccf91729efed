// The cluster worker tests' side: real worker processes (`deno run -A cluster_worker.ts …`,
// killed by pid in finally) and the test itself acting as the pool, through the broker and the
// wire (the cluster Pool is built elsewhere).
import { connectRedis, type RedisBroker } from "../../lib/cluster/redis_broker.ts";
import { decodeReply, encodeTask, type WireReply, type WireTask } from "../../lib/cluster/wire.ts";
import { delay } from "./_redis.ts";
import { queueKeys } from "../../lib/cluster/keys.ts";
import { Redis } from "npm:ioredis@6.1.0";

const ROOT = new URL("../../", import.meta.url);
/** The tasks the workers may import: everything under this prefix. */
export const ALLOWED = new URL("tests/fixtures/cluster/", ROOT).href;
/** The allowed task module. */
export const TASKS = new URL("tasks.ts", ALLOWED).href;
/** A module outside the allowed prefix. */
export const OUTSIDE = new URL("tests/fixtures/cluster_outside_tasks.ts", ROOT).href;

/** A worker process. */
export interface WorkerProcess extends AsyncDisposable {
  readonly pid: number;
  readonly status: Promise<Deno.CommandStatus>;
  kill(signal: Deno.Signal): void;
}

/** Starts `deno run -A cluster_worker.ts` with `args` after the Redis URL and the queue. */
export function startWorker(url: string, queue: string, args: string[]): WorkerProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("cluster_worker.ts", ROOT).pathname,
      ...["--redis", url, "--queue", queue, "--allow-module", ALLOWED],
      ...args,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  let exited = false;
  const status = child.status.finally(() => exited = true);
  return {
    pid: child.pid,
    status,
    kill: (signal) => child.kill(signal),
    async [Symbol.asyncDispose]() {
      if (!exited) {
        try {
          child.kill("SIGKILL");
        } catch {
          // It exited meanwhile.
        }
      }
      await status;
    },
  };
}

/** Waits until `count` workers are announced, at most `ms`. */
export async function awaitWorkers(broker: RedisBroker, count: number, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await broker.workers()).length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} workers after ${ms} ms`);
    await delay(100);
  }
}

/** The test acting as a pool: its id, kept alive, sending tasks and collecting replies. */
export class TestPool implements AsyncDisposable {
  readonly id = `pool-${crypto.randomUUID().slice(0, 8)}`;
  readonly broker: RedisBroker;
  #after = "0";
  #timer: ReturnType<typeof setInterval> | null = null;

  private constructor(broker: RedisBroker) {
    this.broker = broker;
  }

  /** Connects; with `alive`, keeps the pool's liveness key fresh. */
  static async open(url: string, queue: string, alive = true): Promise<TestPool> {
    const pool = new TestPool(await connectRedis(url, { queue }));
    if (alive) {
      await pool.broker.keepAlive(pool.id, 10_000);
      pool.#timer = setInterval(() => {
        pool.broker.keepAlive(pool.id, 10_000).catch(() => {});
      }, 1000);
    }
    return pool;
  }

  /** Encodes and enqueues `tasks`; resolves with their entry ids. */
  async send(...tasks: WireTask[]): Promise<string[]> {
    const envelopes = await Promise.all(tasks.map((task) => encodeTask(task, this.id)));
    return await this.broker.enqueue(envelopes);
  }

  /** The next `count` replies, decoded, at most `ms`. */
  async replies(count: number, ms = 30_000): Promise<WireReply[]> {
    const got: WireReply[] = [];
    const deadline = Date.now() + ms;
    while (got.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`${got.length} of ${count} replies after ${ms} ms`);
      }
      const replies = await this.broker.replies(this.id, this.#after, 300);
      for (const reply of replies) {
        this.#after = reply.id;
        got.push(await decodeReply(reply.body, { module: TASKS }));
      }
    }
    return got;
  }

  /** Stops the keep-alive, deletes the pool's keys, closes the broker. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    await this.broker.forget(this.id);
    await this.broker[Symbol.asyncDispose]();
  }
}

/** The lines of the file at `path` (none when it does not exist). */
export function lines(path: string): string[] {
  try {
    return Deno.readTextFileSync(path).split("\n").filter((line) => line !== "");
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

/**
 * Deletes every key of `queue` (they all start with its hash tag) once its workers and pools
 * are gone, and resolves with the keys left on the whole server afterwards (none, if the queue
 * kept all its keys under its tag).
 */
export async function deleteQueueKeys(url: string, queue: string): Promise<string[]> {
  const client = new Redis(url, { protocol: 2, lazyConnect: true, connectTimeout: 5000 });
  try {
    await client.connect();
    const tag = queueKeys(queue).tag;
    const keys = await client.keys(`${tag.replace(/[{}]/g, "\\$&")}*`);
    if (keys.length > 0) await client.del(...keys);
    return await client.keys("*");
  } finally {
    const ended = new Promise((resolve) => client.once("end", resolve));
    client.disconnect();
    await ended;
  }
}
