// The library imported by http URL, as from a CDN: every file it loads later (the worker
// script, a pool child's script, the kernel's parallel task, the task modules) must come from
// that URL too. The repository is served read-only on 127.0.0.1 and a child `deno run` script
// imports it from there.
import assert from "node:assert/strict";
import { lastJsonLine, runCommand } from "./_run_deno.ts";
import { serveRepository } from "../_serve_repository.ts";

const CHILD_TIME_LIMIT_MS = 60_000;

/** The child script: uses the library from `origin` only, prints one JSON line of results. */
function childScript(origin: string): string {
  return `
import { Pipe, Pool, Process, SharedValue } from "${origin}/mod.ts";
import { compile, runParallel } from "${origin}/numeric.ts";
import { add } from "${origin}/tests/fixtures/tasks.ts";
import { addUnderLock } from "${origin}/tests/fixtures/shared_tasks.ts";
import { doubler } from "${origin}/tests/fixtures/pipe_tasks.ts";

const TASKS = "${origin}/tests/fixtures/tasks.ts";
const results: Record<string, unknown> = { pid: Deno.pid };

{
  await using pool = new Pool({ processes: 2, module: TASKS });
  results.threadMap = await pool.map((x: number) => 3 * x + 1, [1, 2, 3, 4, 5]);
  results.threadApply = await pool.apply(add, [20, 22]);
  results.threadApplyByName = await pool.apply("add", [1, 2]);
  const kernel = compile("x > 0 ? sin(x) : cos(x)");
  const x = new Float64Array(new SharedArrayBuffer(8 * 9));
  x.forEach((_, i) => x[i] = i / 2 - 2);
  results.kernelX = Array.from(x);
  results.kernelParallel = Array.from(await runParallel(pool, kernel, x));
}

{
  const counter = new SharedValue("i", 100);
  const adder = new Process({
    target: addUnderLock,
    args: [counter, 5],
    module: "${origin}/tests/fixtures/shared_tasks.ts",
  });
  const [mine, theirs] = Pipe();
  const echo = new Process({
    target: doubler,
    args: [theirs],
    module: "${origin}/tests/fixtures/pipe_tasks.ts",
  });
  adder.start();
  echo.start();
  counter.withLockSync(() => counter.value += 1000);
  mine.send(21);
  results.pipeDouble = await mine.recv();
  mine.sendBytes(new Uint8Array([1, 2, 3, 4]));
  results.pipeByteSum = await mine.recv();
  await Promise.all([adder.join(), echo.join()]);
  results.exitCodes = [adder.exitCode, echo.exitCode];
  results.sharedValue = counter.value;
  mine.close();
  theirs.close();
}

{
  await using pool = new Pool({ processes: 1, module: TASKS, isolation: "process" });
  results.processMap = await pool.map((x: number) => 3 * x + 1, [1, 2, 3]);
  results.processApply = await pool.apply(add, [20, 22]);
  results.processPid = await pool.apply(() => Deno.pid);
}

// Only what loading the code needs: import access to the server's host, nothing else.
for (const isolation of ["thread", "process"] as const) {
  await using pool = new Pool({ processes: 1, module: TASKS, isolation, permissions: "none" });
  const tryRead = () => {
    try {
      Deno.readTextFileSync("/etc/hostname");
      return "read";
    } catch (error) {
      return (error as Error).name;
    }
  };
  results[isolation + "Sandbox"] = [await pool.apply(add, [2, 3]), await pool.apply(tryRead)];
}

console.log(JSON.stringify(results));
`;
}

Deno.test("the library imported by http URL runs pools (threads and processes), a Process, shared memory, a Pipe and a kernel, loading its worker scripts from that URL", async () => {
  const dir = await Deno.makeTempDir({ prefix: "multiproc_url_import_" });
  const { server, served: requested } = serveRepository();
  try {
    const origin = `http://127.0.0.1:${server.addr.port}`;
    await Deno.writeTextFile(`${dir}/main.ts`, childScript(origin));
    // A fresh DENO_DIR, so no cached copy of an earlier run's files (same port, other text)
    // stands in for the files served now; mathjs comes from the npm registry into it. The
    // directory has no deno.json, so the repository's config and lock file play no part.
    // --unstable-worker-options lets the thread pool take its own permissions.
    const outcome = await runCommand(
      [
        "run",
        "-A",
        "--unstable-worker-options",
        "--quiet",
        "--no-config",
        "--no-lock",
        `${dir}/main.ts`,
      ],
      { cwd: dir, timeoutMs: CHILD_TIME_LIMIT_MS, env: { DENO_DIR: `${dir}/deno_dir` } },
    );
    const results = lastJsonLine(outcome, "the child script importing the library by URL");
    assert.equal(outcome.code, 0, outcome.stderr);

    const inline = (x: number) => 3 * x + 1;
    assert.deepEqual(results.threadMap, [1, 2, 3, 4, 5].map(inline));
    assert.equal(results.threadApply, 20 + 22);
    assert.equal(results.threadApplyByName, 1 + 2);
    const x = results.kernelX as number[];
    assert.equal(x.length, 9);
    assert.deepEqual(results.kernelParallel, x.map((v) => v > 0 ? Math.sin(v) : Math.cos(v)));

    assert.equal(results.pipeDouble, 21 * 2);
    assert.equal(results.pipeByteSum, 1 + 2 + 3 + 4);
    assert.deepEqual(results.exitCodes, [0, 0]);
    assert.equal(results.sharedValue, 100 + 5 + 1000);

    assert.deepEqual(results.processMap, [1, 2, 3].map(inline));
    assert.equal(results.processApply, 20 + 22);
    assert.equal(typeof results.processPid, "number");
    assert.notEqual(results.processPid, results.pid, "a process-isolated task runs elsewhere");
    assert.deepEqual(results.threadSandbox, [2 + 3, "NotCapable"]);
    assert.deepEqual(results.processSandbox, [2 + 3, "NotCapable"]);

    // Everything the library loads later came from the server, not from a file: URL.
    for (
      const path of [
        "/mod.ts",
        "/lib/worker/thread_entry.ts",
        "/lib/worker/process_entry.ts",
        "/lib/kernel/_parallel_task.ts",
        "/tests/fixtures/tasks.ts",
        "/tests/fixtures/shared_tasks.ts",
        "/tests/fixtures/pipe_tasks.ts",
      ]
    ) assert.ok(requested.has(path), `${path} was not requested from the server`);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
