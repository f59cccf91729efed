// Untrusted tasks, sent as source, against the setting the guide (docs/guide.md) recommends for
// them (isolation "process", maxTasksPerChild 1, permissions "none") and, for comparison, against a
// worker thread. Each pool runs in a child deno: on a thread, Deno.kill(Deno.pid) kills the host.
import assert from "node:assert/strict";
import { reportRow } from "../_report.ts";
import { CountingListener } from "../_counting_listener.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
const FRAMING = new URL("../../lib/wire/framing.ts", import.meta.url).href;
const ROOT = new URL("../..", import.meta.url).pathname;
const CHILD_TIME_LIMIT_MS = 120_000;

interface Setting {
  isolation: "thread" | "process";
  maxTasksPerChild?: number;
}

/**
 * The host: one pool with `permissions: "none"`, then each attack as a source-sent task, every
 * outcome printed as a JSON line `[attack, outcome]` as soon as it is known.
 */
const HOST = `import { Pool } from "${MOD}";
const [setting, attacks, port] = JSON.parse(Deno.args[0]);
const pool = new Pool({ processes: 1, permissions: "none", ...setting });
const outcome = (promise) =>
  promise.then((value) => ({ value }), (error) => ({ error: error.name, message: error.message }));
const report = (attack, result) => console.log(JSON.stringify([attack, result]));
const run = {
  kill: () => pool.apply(() => Deno.kill(Deno.pid, "SIGKILL")),
  hijack: () => pool.apply(() => {
    globalThis.Function = function () { return () => () => "hijacked"; };
    return "replaced";
  }),
  later: () => pool.apply((x) => x * 2, [21]),
  readRepo: () => pool.apply((path) => Deno.readTextFileSync(path), ["${ROOT}deno.json"]),
  statGit: () => pool.apply((path) => Deno.statSync(path).isFile, ["${ROOT}.git"]),
  importMod: () => pool.apply(async (url) => typeof (await import(url)).Pool, ["${MOD}"]),
  fetch: () => pool.apply((url) => fetch(url).then((r) => r.status), ["http://127.0.0.1:" + port]),
  postMessage: () => pool.apply(() => typeof globalThis.postMessage),
  // A task writes a results frame claiming four calls to its raw stdout, then works on, while
  // three honest calls are queued behind it: frames travel on a private socket, so it is text.
  forge: async () => {
    const forged = pool.apply(async (framing) => {
      const { encodeFrame } = await import(framing);
      const values = ["forged", "forged", "forged", "forged"];
      const writer = Deno.stdout.writable.getWriter();
      await writer.write(encodeFrame({ type: "results", values, failures: null, busyMs: 0,
        shared: null }));
      writer.releaseLock();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return "honest";
    }, ["${FRAMING}"]);
    const honest = [1, 2, 3].map((x) => pool.apply((v) => v + 100, [x]));
    let timer;
    const stuck = new Promise((resolve) => timer = setTimeout(resolve, 30_000, "stuck"));
    const settled = Promise.all([outcome(forged), ...honest.map(outcome)]);
    const result = await Promise.race([settled, stuck]);
    clearTimeout(timer);
    if (result !== "stuck") return result;
    report("forge", { error: "stuck", message: "the honest calls were still pending after 30 s" });
    Deno.exit(3);
  },
  after: () => pool.apply((x) => x + 1, [1]),
};
for (const attack of attacks) report(attack, await outcome(run[attack]()));
await pool.terminate();
`;

interface HostRun {
  outcomes: Map<string, { value?: unknown; error?: string; message?: string }>;
  code: number;
  signal: Deno.Signal | null;
  stderr: string;
  connections: number;
}

/** Runs the host for `setting` and `attacks`, with a local listener for the fetch attack. */
async function attack(setting: Setting, attacks: string[]): Promise<HostRun> {
  const listener = new CountingListener();
  const dir = await Deno.makeTempDir({ prefix: "multiproc_untrusted_" });
  try {
    await Deno.writeTextFile(`${dir}/host.js`, HOST);
    const port = listener.port;
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--no-prompt",
        "--unstable-worker-options",
        "host.js",
        JSON.stringify([setting, attacks, port]),
      ],
      cwd: dir,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(CHILD_TIME_LIMIT_MS),
    }).output();
    // Only the host's own report lines: the forge attack also prints a binary frame, with no
    // newline of its own before the next report.
    const lines = new TextDecoder().decode(output.stdout).split("\n")
      .map((line) => line.slice(Math.max(0, line.indexOf('["')))).filter((line) =>
        line.startsWith('["')
      );
    return {
      outcomes: new Map(lines.map((line) => JSON.parse(line))),
      code: output.code,
      signal: output.signal,
      stderr: new TextDecoder().decode(output.stderr),
      connections: listener.connections,
    };
  } finally {
    await listener.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const RECOMMENDED: Setting = { isolation: "process", maxTasksPerChild: 1 };
const ATTACKS = [
  "kill",
  "after",
  "hijack",
  "later",
  "readRepo",
  "statGit",
  "importMod",
  "fetch",
  "postMessage",
  "forge",
  "after",
];

Deno.test("untrusted tasks on isolation process, maxTasksPerChild 1, permissions none: each attack fails its own call and nothing else", async () => {
  const run = await attack(RECOMMENDED, ATTACKS);
  assert.equal(run.code, 0, `${JSON.stringify([...run.outcomes])}\n${run.stderr}`);
  const get = (name: string) => run.outcomes.get(name);
  // Deno.kill(Deno.pid) ends only the task's own child process.
  assert.equal(get("kill")?.error, "WorkerDiedError");
  assert.deepEqual(get("after"), { value: 2 });
  // A replaced Function dies with its child: the next source-sent task compiles on a fresh one.
  assert.deepEqual(get("hijack"), { value: "replaced" });
  assert.deepEqual(get("later"), { value: 42 });
  // Reads reach the library's lib/ and mod.ts only: not deno.json beside them, nor .git.
  assert.equal(get("readRepo")?.error, "NotCapable");
  assert.equal(get("statGit")?.error, "NotCapable");
  assert.deepEqual(get("importMod"), { value: "function" });
  assert.equal(get("fetch")?.error, "NotCapable");
  assert.equal(run.connections, 0);
  // A child has no postMessage; a frame forged on its raw stdout is only output.
  assert.deepEqual(get("postMessage"), { value: "undefined" });
  const [forger, ...honest] = get("forge")?.value as Array<{ value?: unknown }>;
  assert.deepEqual(forger, { value: "honest" });
  assert.deepEqual(honest, [{ value: 101 }, { value: 102 }, { value: 103 }]);
  await reportRow("faults", "untrusted tasks in a process sandbox", {
    injected: 'isolation "process", maxTasksPerChild 1, permissions "none": Deno.kill(Deno.pid), ' +
      "replacing Function, reading deno.json and .git, fetch, a forged results frame on stdout",
    outcome: `kill: ${get("kill")?.error}, then ${get("after")?.value} from the next call; ` +
      `later task after the hijack: ${get("later")?.value}; reads and fetch: ` +
      `${get("readRepo")?.error}/${get("statGit")?.error}/${get("fetch")?.error}, ` +
      `${run.connections} connections; forged frame: its own call answered ` +
      `${JSON.stringify(forger!.value)}, ${honest.length} queued calls answered ` +
      `${honest.map((h) => h.value).join(", ")}`,
  });
});

Deno.test("untrusted tasks on a worker thread: Deno.kill(Deno.pid) kills the host, and a replaced Function reaches later tasks", async () => {
  const killed = await attack({ isolation: "thread" }, ["after", "kill", "after"]);
  // The first call answered; the kill ended the whole host before anything else was printed.
  assert.deepEqual([...killed.outcomes.entries()], [["after", { value: 2 }]]);
  assert.equal(killed.signal, "SIGKILL");
  const shared = await attack({ isolation: "thread" }, [
    "readRepo",
    "statGit",
    "importMod",
    "hijack",
    "later",
  ]);
  assert.equal(shared.code, 0, shared.stderr);
  assert.deepEqual(shared.outcomes.get("later"), { value: "hijacked" });
  // The permission sandbox itself holds on a thread too.
  assert.equal(shared.outcomes.get("readRepo")?.error, "NotCapable");
  assert.equal(shared.outcomes.get("statGit")?.error, "NotCapable");
  assert.deepEqual(shared.outcomes.get("importMod"), { value: "function" });
  // maxTasksPerChild 1 gives each task a fresh worker, so its globals; the host stays shared.
  const fresh = await attack({ isolation: "thread", maxTasksPerChild: 1 }, ["hijack", "later"]);
  assert.deepEqual(fresh.outcomes.get("later"), { value: 42 }, fresh.stderr);
  await reportRow("faults", "untrusted tasks in a thread sandbox (not a boundary)", {
    injected: 'isolation "thread", permissions "none": Deno.kill(Deno.pid, "SIGKILL"); ' +
      "replacing globalThis.Function, then a source-sent x * 2 on 21",
    outcome: `host ended by ${killed.signal}; the later task returned ` +
      `${JSON.stringify(shared.outcomes.get("later")?.value)} on a shared worker and ` +
      `${fresh.outcomes.get("later")?.value} with maxTasksPerChild 1`,
  });
});
