/**
 * The cluster suite's worker processes (`deno run -A cluster_worker.ts …`, one local thread
 * each) and its view of the task stream: how many entries were ever added to it, read from
 * `XINFO STREAM`'s `entries-added` (entries are deleted once answered, so the length alone would
 * not tell).
 *
 * @module
 */
import { Redis } from "npm:ioredis@6.1.0";
import { queueKeys } from "../../../lib/cluster/keys.ts";
import { connectRedis } from "../../../lib/cluster/redis_broker.ts";

const ROOT = new URL("../../../", import.meta.url);
/** How long the workers may take to start and announce themselves. */
const ANNOUNCE_MS = 60_000;
/** How long a worker may take to hand its entries back after SIGTERM before it is killed. */
const STOP_MS = 10_000;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Worker processes reading one queue; disposing stops them (SIGTERM, then SIGKILL). */
export interface Workers extends AsyncDisposable {
  readonly pids: readonly number[];
  /** Throws, with the worker's last output, if a worker has exited. */
  checkAlive(): void;
}

/**
 * Starts `count` cluster workers on `queue`, each `--processes 1`, allowed to import the modules
 * under `allow`; resolves once all have announced themselves.
 */
export async function startWorkers(
  url: string,
  queue: string,
  allow: readonly string[],
  count: number,
): Promise<Workers> {
  const children = Array.from({ length: count }, () => {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        ...["run", "-A", new URL("cluster_worker.ts", ROOT).pathname],
        ...["--redis", url, "--queue", queue, "--processes", "1"],
        ...allow.flatMap((prefix) => ["--allow-module", prefix]),
      ],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    let output = "";
    let exited: Deno.CommandStatus | null = null;
    // Kept for the message if it dies; read to the end so the pipe never fills.
    const drained = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({ write: (text) => void (output = (output + text).slice(-2000)) }),
    ).catch(() => {});
    const status = child.status.then((s) => exited = s);
    return { child, status, drained, output: () => output, exited: () => exited };
  });
  const workers: Workers = {
    pids: children.map(({ child }) => child.pid),
    checkAlive() {
      const dead = children.find((c) => c.exited() !== null);
      if (dead === undefined) return;
      throw new Error(
        `cluster worker ${dead.child.pid} exited (code ${
          dead.exited()!.code
        }); its output ends:\n` +
          dead.output(),
      );
    },
    async [Symbol.asyncDispose]() {
      for (const { child, exited } of children) {
        if (exited() === null) child.kill("SIGTERM");
      }
      const stopped = Promise.all(children.map((c) => c.status));
      const timer = delay(STOP_MS).then(() => {
        for (const { child, exited } of children) if (exited() === null) child.kill("SIGKILL");
      });
      await Promise.race([stopped, timer]);
      await stopped;
      await Promise.all(children.map((c) => c.drained));
    },
  };
  try {
    await using broker = await connectRedis(url, { queue });
    const deadline = Date.now() + ANNOUNCE_MS;
    while ((await broker.workers()).length < count) {
      workers.checkAlive();
      if (Date.now() > deadline) {
        throw new Error(`fewer than ${count} cluster workers announced after ${ANNOUNCE_MS} ms`);
      }
      await delay(100);
    }
  } catch (error) {
    await workers[Symbol.asyncDispose]();
    throw error;
  }
  return workers;
}

/** Reads how many entries the queue's task stream has ever had added. */
export interface StreamCounter extends AsyncDisposable {
  added(): Promise<number>;
}

/** A plain connection to `url` that reads `entries-added` of `queue`'s task stream. */
export async function streamCounter(url: string, queue: string): Promise<StreamCounter> {
  const client = new Redis(url, {
    protocol: 2,
    lazyConnect: true,
    connectTimeout: 5000,
    commandTimeout: 5000,
    maxRetriesPerRequest: 0,
  });
  await client.connect();
  const key = queueKeys(queue).tasks;
  return {
    async added() {
      const info = await client.call("XINFO", "STREAM", key) as unknown[];
      const at = info.indexOf("entries-added");
      const value = at === -1 ? NaN : Number(info[at + 1]);
      if (!Number.isSafeInteger(value)) {
        throw new Error(`XINFO STREAM ${key} has no entries-added (Redis >= 7.0 is needed)`);
      }
      return value;
    },
    async [Symbol.asyncDispose]() {
      const ended = new Promise((resolve) => client.once("end", resolve));
      client.disconnect();
      await ended;
    },
  };
}

/**
 * CPU seconds (user + system) the processes `pids` have used so far, from /proc/<pid>/stat
 * (Linux); null where it cannot be read.
 */
export function cpuSeconds(pids: readonly number[]): number | null {
  try {
    let ticks = 0;
    for (const pid of pids) {
      const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
      // After the command name (in parentheses), utime and stime are fields 14 and 15.
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
      ticks += rest[11]! + rest[12]!;
    }
    // USER_HZ: 100 on every Linux that Deno runs on.
    return ticks / 100;
  } catch {
    return null;
  }
}
