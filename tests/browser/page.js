// The browser test's page: runs the library from the bundle (served at /dist/) in this tab and
// its Web Workers, shows each answer on the page, and posts them all to the test's server.
import { seededInputs } from "./inputs.js";

// The test's server serves the bundle it built (in a temp dir) at /dist/; the checkout may have
// none, so the import is dynamic, out of reach of `deno check`'s module graph.
const bundle = "/dist/multiproc.js";
const numericBundle = "/dist/numeric.js";
const { Pipe, Pool, Process, Queue, SharedValue } = await import(bundle);
const { compile, loadCompiler, runParallel } = await import(numericBundle);
// A browser has no synchronous require: mathjs, which compile() parses with, is loaded first.
await loadCompiler();

const params = new URLSearchParams(location.search);
const seed = Number(params.get("seed") ?? "1");
const times = Number(params.get("times") ?? "10000");
const results = { crossOriginIsolated, seed, times };

function show(name, value) {
  results[name] = value;
  const item = document.createElement("li");
  item.id = name;
  item.textContent = `${name}: ${JSON.stringify(value)}`;
  document.getElementById("results").append(item);
}

/** Two Processes and this thread add 1 under the lock, `times` times each. */
async function countUnderLock(counter) {
  const counters = [0, 1].map(() =>
    new Process({
      target: (shared, count) => {
        for (let i = 0; i < count; i++) shared.withLockSync(() => shared.value += 1);
      },
      args: [counter, times],
    })
  );
  counters.forEach((process) => process.start());
  // In slices, so the workers start meanwhile: this thread may not block, so when it finds the
  // lock taken it spins (lib/shared/wait.ts).
  for (let done = 0; done < times; done += 100) {
    for (let i = done; i < Math.min(times, done + 100); i++) {
      counter.withLockSync(() => counter.value += 1);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await Promise.all(counters.map((process) => process.join()));
  return counters.map((process) => process.exitCode);
}

/** A Process sends `[v, 2v]` for each input through a one-way Pipe; this thread receives. */
async function throughPipe(values) {
  const [receiveEnd, sendEnd] = Pipe(false);
  const sender = new Process({
    target: (end, values) => {
      for (const value of values) end.send([value, value * 2]);
      end.close();
    },
    args: [sendEnd, values],
  });
  sender.start();
  const received = [];
  for (let i = 0; i < values.length; i++) received.push(await receiveEnd.recv());
  await sender.join();
  return received;
}

function messageOf(action) {
  try {
    action();
    return "no error";
  } catch (error) {
    return `${error.name}: ${error.message}`;
  }
}

async function run() {
  const pool = new Pool({ processes: 2 });
  const modulePool = new Pool({ processes: 1, module: new URL("./tasks.js", import.meta.url) });
  try {
    show("poolMap", await pool.map((x) => x * x + 1, seededInputs(seed, 20)));
    show("moduleTask", await modulePool.starmap("hypot", [[3, 4], [5, 12]]));

    const counter = new SharedValue("i", 0);
    show("counterExitCodes", await countUnderLock(counter));
    show("sharedValue", counter.value);

    show("pipe", await throughPipe(seededInputs(seed + 1, 5)));

    const kernel = compile("-4*x^3 + 9*x^2 + 6*x - 3");
    const x = new Float64Array(new SharedArrayBuffer(8 * 1000));
    x.set(seededInputs(seed + 2, x.length));
    show("kernel", Array.from(kernel(x)));
    show("kernelParallel", Array.from(await runParallel(pool, kernel, x)));

    // What the browser build lacks says so.
    show("processIsolation", messageOf(() => new Pool({ isolation: "process" })));
    show("queue", messageOf(() => new Queue().putNowait(1)));
  } finally {
    pool.terminate();
    modulePool.terminate();
  }
}

try {
  await run();
  document.getElementById("status").textContent = "done";
} catch (error) {
  results.error = `${error?.name}: ${error?.message}\n${error?.stack}`;
  document.getElementById("status").textContent = `failed: ${results.error}`;
}
results.pageText = document.body.innerText;
await fetch("/result", { method: "POST", body: JSON.stringify(results) });
