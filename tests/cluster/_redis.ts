// A throwaway redis-server for one test file: on a free 127.0.0.1 port, without persistence, in
// a temp dir; stopped by its pid and the dir removed on dispose. Without redis-server the tests
// are ignored with a message, except under CI=true, where they run and fail saying why.
import { Redis } from "npm:ioredis@6.1.0";
import { answersPing, freePort } from "../../bench/suites/cluster/redis.ts";

function hasRedisServer(): boolean {
  try {
    return new Deno.Command("redis-server", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

const missing = !hasRedisServer();

/**
 * True when the Redis tests should be ignored: redis-server is missing and this is not CI.
 * Use it as `Deno.test({ name, ignore: ignoreWithoutRedis, fn })`.
 */
export const ignoreWithoutRedis: boolean = missing && Deno.env.get("CI") !== "true";

if (ignoreWithoutRedis) {
  console.warn(
    "redis-server is not installed: the Redis tests are ignored (apt-get install redis-server)",
  );
}

/** A running test server. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` (`redis://:<password>@…` with a password). */
  readonly url: string;
  readonly port: number;
  /** The server's pid, null while stopped. */
  readonly pid: number | null;
  /**
   * Kills the server (SIGKILL: as a crash would) and starts it again on the same port, after
   * `downMs` (default 0) without a server: empty, unless started with `persist`.
   */
  restart(downMs?: number): Promise<void>;
  /** Kills the server; `restart()` starts it again. */
  stop(): Promise<void>;
  /** A plain ioredis client to look at the server's keys with. */
  client(): Promise<Redis & AsyncDisposable>;
}

/** Resolves after `ms`. */
export const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `call` until it resolves (a reconnect takes a moment), at most `ms`. */
export async function eventually<T>(call: () => Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(50);
    }
  }
}

/**
 * Starts redis-server and waits until it answers PING (at most 15 s). With `password`, clients
 * must authenticate, and `url` carries it. With `persist`, its keys live through `restart()` (an
 * append-only file synced on every write); without, a restart starts it empty.
 */
export async function startRedis(
  options: { password?: string; persist?: boolean } = {},
): Promise<RedisServer & AsyncDisposable> {
  const auth = options.password === undefined ? "" : `:${encodeURIComponent(options.password)}@`;
  const passwordArgs = options.password === undefined ? [] : ["--requirepass", options.password];
  if (missing) {
    throw new Error(
      "redis-server is not installed (CI=true: the Redis tests must run): apt-get install redis-server",
    );
  }
  const dir = await Deno.makeTempDir({ prefix: "multiproc_redis_" });
  let port = freePort();
  let child: Deno.ChildProcess | null = null;

  const spawn = async (samePort: boolean): Promise<void> => {
    const deadline = Date.now() + 15_000;
    for (let attempt = 0;; attempt++) {
      const process = new Deno.Command("redis-server", {
        args: [
          ...["--bind", "127.0.0.1", "--port", String(port), "--save", ""],
          // With persist, every write is on disk before it is answered: a SIGKILL loses nothing.
          ...(options.persist ? ["--appendonly", "yes", "--appendfsync", "always"] : [
            "--appendonly",
            "no",
          ]),
          ...["--dir", dir, "--daemonize", "no", "--logfile", `${dir}/redis.log`],
          ...passwordArgs,
        ],
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      child = process;
      let exited = false;
      process.status.then(() => exited = true);
      while (!exited && Date.now() < deadline && !(await answersPing(port))) await delay(20);
      if (!exited && Date.now() < deadline) return;
      await kill();
      const log = await Deno.readTextFile(`${dir}/redis.log`).catch(() => "");
      if (Date.now() >= deadline || attempt >= 2) {
        throw new Error(`redis-server did not answer PING on port ${port}:\n${log.slice(-2000)}`);
      }
      // Someone took the port between our probe and redis-server's bind.
      if (!samePort) port = freePort();
      else await delay(200);
    }
  };

  const kill = async (): Promise<void> => {
    const process = child;
    child = null;
    if (process === null) return;
    try {
      process.kill("SIGKILL");
    } catch {
      // It had exited already.
    }
    await process.status;
  };

  await spawn(false);
  return {
    get url() {
      return `redis://${auth}127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get pid() {
      return (child as Deno.ChildProcess | null)?.pid ?? null;
    },
    async restart(downMs = 0) {
      await kill();
      if (downMs > 0) await delay(downMs);
      // The clients know this port only: a taken port is waited for, never changed.
      await spawn(true);
    },
    stop: kill,
    async client() {
      const client = new Redis(`redis://${auth}127.0.0.1:${port}`, {
        protocol: 2,
        lazyConnect: true,
      });
      await client.connect();
      return Object.assign(client, {
        async [Symbol.asyncDispose]() {
          const ended = new Promise((resolve) => client.once("end", resolve));
          client.disconnect();
          await ended;
        },
      });
    },
    async [Symbol.asyncDispose]() {
      await kill();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
