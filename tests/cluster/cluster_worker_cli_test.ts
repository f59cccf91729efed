// cluster_worker.ts as a command: bad flags exit 2 with a message, --help, and status against a
// real redis-server with a worker running.
import assert from "node:assert/strict";
import { ignoreWithoutRedis, startRedis } from "./_redis.ts";
import { ALLOWED, awaitWorkers, startWorker, TestPool } from "./_cluster_worker.ts";

const COMMAND = new URL("../../cluster_worker.ts", import.meta.url).pathname;

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", COMMAND, ...args],
    stdin: "null",
    signal: AbortSignal.timeout(60_000),
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: text(output.stdout), stderr: text(output.stderr) };
}

const redis = ["--redis", "redis://127.0.0.1:1"];
const allow = ["--allow-module", ALLOWED];

for (
  const [args, message] of [
    [["--bogus"], /Unknown option '--bogus'/],
    [[...allow], /--redis <redis:\/\/host:port> is required/],
    [[...redis], /--allow-module <url prefix> is required/],
    [
      [...redis, ...allow, "--processes", "two"],
      /--processes expects a whole number, received "two"/,
    ],
    [
      [...redis, ...allow, "--processes", "0"],
      /processes \(--processes\) must be an integer from 1/,
    ],
    [[...redis, ...allow, "--isolation", "vm"], /--isolation expects "thread" or "process"/],
    [[...redis, ...allow, "--permissions", "all"], /--permissions expects "none" or "inherit"/],
    [[...redis, "--allow-module", "tasks/"], /must be an absolute URL/],
    [[...redis, ...allow, "--visibility", "10"], /visibility \(--visibility\) must be an integer/],
    [[...redis, ...allow, "start"], /unknown command "start"/],
  ] as const
) {
  const shown = args.map((arg) => arg === ALLOWED ? "<prefix>" : arg).join(" ");
  Deno.test(`cluster_worker.ts ${shown} exits 2 saying what is wrong`, async () => {
    const { code, stderr } = await run([...args]);
    assert.equal(code, 2, stderr);
    assert.match(stderr, message);
    assert.match(stderr, /Usage:/);
  });
}

Deno.test("cluster_worker.ts --help prints the usage and exits 0", async () => {
  const { code, stdout } = await run(["--help"]);
  assert.equal(code, 0);
  assert.match(stdout, /--allow-module PREFIX/);
});

Deno.test({
  name: "cluster_worker.ts status lists the workers, the queue length and pending per consumer",
  ignore: ignoreWithoutRedis,
}, async () => {
  await using server = await startRedis();
  await using pool = await TestPool.open(server.url, "jobs");
  await pool.send({
    call: 1,
    chunk: 0,
    kind: "map",
    task: { module: new URL("tasks.ts", ALLOWED).href, name: "tenfold" },
    items: [1],
  });
  await pool.broker.read("someone-else", 1, 0); // held by a consumer that never answers
  await using worker = startWorker(server.url, "jobs", ["--processes", "3"]);
  await awaitWorkers(pool.broker, 1);
  const { code, stdout, stderr } = await run(["status", "--redis", server.url, "--queue", "jobs"]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, new RegExp(`pid ${worker.pid}\\s+capacity 3`));
  assert.match(stdout, /workers \(1\)/);
  assert.match(stdout, /someone-else\s+1/);
  assert.match(stdout, /queue jobs: \d+ entries/);
});
