/**
 * Tests of `deno task bench:peers` (bench/suites/peers/): a quick run of a cheap figure writes
 * its table, JSON and markdown; without Node on PATH it says so and goes on with the rest; a
 * contender that fails is left out with its reason while the others are measured; and its
 * command line. Runs of the CLI are child `deno` processes with a timeout.
 */
import assert from "node:assert/strict";
import { parseOptions } from "../../bench/harness/cli.ts";
import type { Parameters } from "../../bench/harness/suite.ts";
import { runOnce, takeTurns } from "../../bench/suites/peers/contenders.ts";
import { findOnPath } from "../../bench/suites/peers/peers.ts";
import { markdownTable } from "../../bench/suites/peers/markdown.ts";
import { plain, versus } from "../../bench/suites/peers/versus.ts";

const ROOT = new URL("../../", import.meta.url);
const CHILD_TIMEOUT_MS = 240_000;

/** `deno run -A bench/main.ts peers args` with `env`; its exit code and output. */
async function peers(args: string[], env: Record<string, string> = {}) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "bench/main.ts", "peers", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(CHILD_TIMEOUT_MS),
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, out: decode(output.stdout), err: decode(output.stderr) };
}

type Figure = { id: string; summary: { median: number }; pass: boolean | null };

Deno.test("bench:peers --quick --only lock: the table, the JSON and the README's markdown row", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const [json, markdown] = [`${dir}/peers.json`, `${dir}/peers.md`];
    const run = await peers(["--quick", "--only", "lock", "--json", json, "--markdown", markdown]);
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.out, /Locked increments of one shared integer, 2 workers/);
    assert.match(run.out, /Node: no section of this run needs it/);
    const figures = JSON.parse(await Deno.readTextFile(json)).figures as Figure[];
    const locked = figures.find((f) => f.id === "lock.locked")!;
    const ceiling = figures.find((f) => f.id === "lock.atomics")!;
    assert.ok(locked.summary.median > 0 && ceiling.summary.median > 0, JSON.stringify(figures));
    assert.equal(locked.pass, locked.summary.median >= 15e6);
    const table = await Deno.readTextFile(markdown);
    assert.match(table, /^\| figure \| multiproc \| peer \| ratio \| target \|$/m);
    const row = table.split("\n").find((line) => line.startsWith("| locked increments"));
    assert.ok(row !== undefined, table);
    const ratio = (locked.summary.median / ceiling.summary.median).toFixed(2);
    assert.ok(row.includes(`| ${ratio}× |`) && /(PASS|MISS) \|$/.test(row), row);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bench:peers without node on PATH: says so, and measures the Deno contenders and Python", async () => {
  // A PATH holding python3 alone.
  const python = new Deno.Command("python3", {
    args: ["-c", "import sys; print(sys.executable)"],
  }).outputSync();
  const dir = await Deno.makeTempDir();
  try {
    if (python.success) {
      await Deno.symlink(new TextDecoder().decode(python.stdout).trim(), `${dir}/python3`);
    }
    const json = `${dir}/peers.json`;
    const run = await peers(["--quick", "--runs", "1", "--only", "round-trip", "--json", json], {
      PATH: dir,
    });
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.out, /node: not found on PATH; the Node peers are skipped/);
    const ids = (JSON.parse(await Deno.readTextFile(json)).figures as Figure[]).map((f) => f.id);
    for (const id of ["trip.multiproc", "trip.floor", "trip.deno_piscina", "trip.deno_tinypool"]) {
      assert.ok(ids.includes(id), `${id} in ${ids}`);
    }
    assert.ok(!ids.some((id) => id.startsWith("trip.node_")), ids.join(", "));
    assert.equal(ids.includes("trip.python_fork"), python.success, ids.join(", "));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bench:peers when npm install fails (no registry): says why and goes on", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const json = `${dir}/peers.json`;
    await Deno.mkdir(`${dir}/tmp`);
    // A registry nothing answers on, and an empty cache: as without a network.
    const run = await peers(["--quick", "--runs", "1", "--only", "startup", "--json", json], {
      npm_config_registry: "http://127.0.0.1:9/",
      npm_config_cache: `${dir}/npm-cache`,
      TMPDIR: `${dir}/tmp`,
    });
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.out, /npm install failed \(.+\); the Node peers are skipped/);
    const ids = (JSON.parse(await Deno.readTextFile(json)).figures as Figure[]).map((f) => f.id);
    assert.ok(ids.includes("startup.multiproc") && ids.includes("startup.floor"), ids.join(", "));
    assert.ok(!ids.some((id) => id.startsWith("startup.node_")), ids.join(", "));
    assert.deepEqual([...Deno.readDirSync(`${dir}/tmp`)], [], "the temporary folder is removed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("takeTurns leaves out a contender that fails, with why, and measures the others", async () => {
  const p: Parameters = { runs: 2, warmup: 1, quick: true, seed: 0, python: null, only: null };
  const deno = (id: string, code: string) => ({
    id,
    command: Deno.execPath(),
    args: ["eval", code],
  });
  const turns = await takeTurns(p, [
    deno("crashes", "console.error('boom'); Deno.exit(3)"),
    deno("negative", "console.log(JSON.stringify({ values: { x: -1 } }))"),
    deno("silent", "console.log('no JSON here')"),
    deno("good", "console.log(JSON.stringify({ values: { x: 2, y: 3 } }))"),
    { id: "missing", command: "/nonexistent/program", args: [] },
  ]);
  assert.deepEqual(Object.keys(turns.stats), ["good"]);
  assert.deepEqual(turns.stats.good!.x!.samples, [2, 2]);
  assert.equal(turns.stats.good!.y!.median, 3);
  assert.match(turns.errors.crashes!, /exited with code 3: boom/);
  assert.match(turns.errors.negative!, /not a number ≥ 0/);
  assert.match(turns.errors.silent!, /printed no JSON/);
  assert.ok(turns.errors.missing !== undefined);
  await assert.rejects(() => runOnce({ id: "x", command: Deno.execPath(), args: ["eval", "1"] }));
});

Deno.test("the command line of peers: its sections, --markdown, and 5 runs by default", () => {
  const options = parseOptions(["peers", "--only", "lock,numpy", "--markdown", "t.md"]);
  assert.deepEqual([options.suite, options.only, options.markdown, options.runs], [
    "peers",
    ["lock", "numpy"],
    "t.md",
    5,
  ]);
  assert.throws(
    () => parseOptions(["pool", "--markdown", "t.md"]),
    /--markdown is a flag of peers/,
  );
});

Deno.test("findOnPath passes over a `node` that is Deno (Deno's node_compat_bin) and non-executables", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const [standIn, plain, real] = [`${dir}/a`, `${dir}/b`, `${dir}/c`];
    for (const d of [standIn, plain, real]) await Deno.mkdir(d);
    await Deno.symlink(Deno.execPath(), `${standIn}/node`);
    await Deno.writeTextFile(`${plain}/node`, "not executable", { mode: 0o644 });
    await Deno.writeTextFile(`${real}/node`, "#!/bin/sh\necho v20.0.0\n", { mode: 0o755 });
    assert.equal(findOnPath("node", `${standIn}:${plain}::${real}`), `${real}/node`);
    assert.equal(findOnPath("node", `${standIn}:${plain}`), null);
    assert.equal(findOnPath("node", ""), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("markdownTable: a row per headline figure, its ratio to the peer, and a missing peer said", () => {
  const stat = (median: number) => ({ median, min: median, max: median, samples: [median] });
  const peer = plain("x.python", "Python fork | Pool", "ms", stat(50))!;
  const ours = versus({
    id: "x.ours",
    label: "ours",
    unit: "ms",
    summary: stat(30),
    peer,
    peerName: "Python fork",
    ratio: { kind: "max", times: 0.8 },
    headline: "start-up",
  })!;
  const alone = versus({
    id: "x.alone",
    label: "alone",
    unit: "ms",
    summary: stat(7),
    peer: null,
    peerName: "Python fork",
    ratio: { kind: "max", times: 0.5 },
    headline: "Process start",
  })!;
  const notHeadline = versus({
    id: "x.no",
    label: "no headline",
    unit: "ms",
    summary: stat(1),
    peer,
    peerName: "p",
  });
  const table = markdownTable([{
    title: "t",
    figures: [peer, ours, alone, notHeadline!],
    notes: [],
  }], "run");
  const rows = table.split("\n").filter((line) =>
    line.startsWith("| ") && !line.startsWith("| figure")
  );
  assert.deepEqual(rows, [
    "| start-up | 30.0 ms | Python fork \\| Pool 50.0 ms | 0.60× | ≤ 0.8× Python fork PASS |",
    "| Process start | 7.00 ms | — (not run) | — | ≤ 0.5× Python fork |",
  ]);
  assert.equal(alone.target, null);
});
