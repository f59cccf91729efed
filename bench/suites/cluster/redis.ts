/**
 * The cluster suite's own throwaway redis-server: loopback, a free port, no persistence
 * (`--save "" --appendonly no`), a temp dir; killed by its pid and the dir removed on dispose.
 * tests/cluster/_redis.ts builds the tests' servers (restarts, passwords, persistence) on
 * {@linkcode freePort} and {@linkcode answersPing} from here: bench code does not import from
 * tests/.
 *
 * @module
 */

/** How long redis-server may take to answer PING after it is started. */
const START_MS = 15_000;

/** A running server. */
export interface RedisServer extends AsyncDisposable {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly pid: number;
}

/** Why the suite cannot start redis-server (its absence, with what to do), or null. */
export function redisServerMissing(): string | null {
  try {
    const probe = new Deno.Command("redis-server", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).outputSync();
    if (probe.success) return null;
  } catch {
    // Not on PATH.
  }
  return "bench:cluster needs redis-server (Redis or Valkey >= 7.0) on PATH: it starts a " +
    "throwaway one on 127.0.0.1. Install it (apt-get install redis-server) and run again.";
}

/** A TCP port on 127.0.0.1 free at the time of the call. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Whether a Redis server answers PING on 127.0.0.1:`port` (NOAUTH, with a password, counts). */
export async function answersPing(port: number): Promise<boolean> {
  let connection: Deno.TcpConn | undefined;
  try {
    connection = await Deno.connect({ hostname: "127.0.0.1", port });
    await connection.write(new TextEncoder().encode("PING\r\n"));
    const buffer = new Uint8Array(64);
    const read = await connection.read(buffer);
    const answer = read === null ? "" : new TextDecoder().decode(buffer.subarray(0, read));
    return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH");
  } catch {
    return false;
  } finally {
    connection?.close();
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts redis-server and resolves once it answers PING; throws with its log if it does not. */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = await Deno.makeTempDir({ prefix: "multiproc_bench_redis_" });
  const port = freePort();
  const child = new Deno.Command("redis-server", {
    args: [
      ...["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"],
      ...["--dir", dir, "--daemonize", "no", "--logfile", `${dir}/redis.log`],
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let exited = false;
  const status = child.status.finally(() => exited = true);
  const stop = async (): Promise<void> => {
    if (!exited) {
      try {
        child.kill("SIGKILL");
      } catch {
        // It exited meanwhile.
      }
    }
    await status;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  const deadline = Date.now() + START_MS;
  while (!exited && Date.now() < deadline && !(await answersPing(port))) await delay(20);
  if (exited || Date.now() >= deadline) {
    const log = await Deno.readTextFile(`${dir}/redis.log`).catch(() => "(no log)");
    await stop();
    throw new Error(
      `redis-server did not answer PING on 127.0.0.1:${port} within ${START_MS} ms ` +
        `(${exited ? "it exited" : "still starting"}); its log ends:\n${log.slice(-1500)}`,
    );
  }
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid, [Symbol.asyncDispose]: stop };
}
