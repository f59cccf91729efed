/**
 * Tests of the benchmark harness and its report, on what users rely on: the results file
 * validates against `docs/bench-schema.json` (and `--validate` rejects a broken one), the tables
 * are computed from the results, each chart has one mark per data point with the right labels,
 * the page embeds the charts and the table, `--from` renders an earlier run, and the command line
 * of the suites. Runs that need the CLI run it as a child `deno`.
 */
import assert from "node:assert/strict";
import { parseOptions } from "../../bench/harness/cli.ts";
import { schemaErrors } from "../../bench/harness/json.ts";
import { RATIO_FILE, reportCharts, speedupFile } from "../../bench/report/charts.ts";
import { htmlReport } from "../../bench/report/html.ts";
import { markdownReport } from "../../bench/report/report.ts";
import { GENERIC_SLOWER_REASON, slowerInParallel } from "../../bench/report/summary.ts";
import { summaryTable, textSummary } from "../../bench/report/summary.ts";
import { seriesFigures, stat } from "../../bench/suites/exercises/series.ts";
import type { BenchResults, ExerciseResult } from "../../bench/suites/exercises/types.ts";
import { startRedisServer } from "../../bench/suites/cluster/redis.ts";
import { streamCounter } from "../../bench/suites/cluster/workers.ts";
import { connectRedis } from "../../lib/cluster/redis_broker.ts";
import { ignoreWithoutRedis } from "../cluster/_redis.ts";

const ROOT = new URL("../../", import.meta.url);

/** An exercise with a parallel figure at 1, 2 and 4 workers, Deno twice as fast as Python. */
function parallel(name: string, python: boolean): ExerciseResult {
  const at = (workers: number, p: number) => ({
    workers,
    figures: seriesFigures(
      [{ serial: 1, parallel: p }, { serial: 1, parallel: p * 1.1 }],
      python ? [{ serial: 2, parallel: 2 * p }, { serial: 2, parallel: 2 * p }] : [null, null],
    ),
    speedup: stat([1 / p, 1 / (p * 1.1)]),
    pythonSpeedup: python ? stat([1 / p, 1 / p]) : null,
    seconds: 1,
  });
  return {
    name,
    script: `examples/${name}.ts`,
    title: `${name} in parallel`,
    status: "ok",
    notes: [],
    parallelFigure: "parallel",
    serialFigure: "serial",
    python: {
      status: python ? "ok" : "not requested",
      script: `bench/python/exercises/${name}.py`,
      version: python ? "3.11.7" : null,
      error: null,
    },
    series: [at(1, 1), at(2, 0.6), at(4, 0.4)],
    seconds: 3,
  };
}

/** A small results file: `pool` against Python, `pipe` without, and a failed `where`. */
function results(): BenchResults {
  return {
    schema: "multiproc-bench/1",
    args: ["--python"],
    environment: {
      deno: "2.9.6",
      v8: "15.0",
      typescript: "6.0.3",
      os: "linux",
      arch: "x86_64",
      target: "x86_64-unknown-linux-gnu",
      osRelease: "6.1",
      cpuModel: "Test CPU",
      hardwareConcurrency: 3,
      memoryGiB: 8,
      gitCommit: "abc1234",
      date: "2026-01-02T03:04:05.000Z",
      loadAverage: null,
    },
    parameters: {
      runs: 2,
      warmup: 1,
      quick: false,
      seed: 7,
      workers: 2,
      workerCounts: null,
      filter: null,
      python: true,
    },
    python: { executable: "/usr/bin/python3", version: "3.11.7" },
    cpu: { othersBefore: 0.01, othersDuring: null },
    exercises: [parallel("pool", true), parallel("pipe", false), {
      ...parallel("where", false),
      status: "failed",
      notes: ["run failed at workers 2: boom"],
      parallelFigure: null,
      serialFigure: null,
      series: [],
    }],
    seconds: 12,
  };
}

/** The `<g>` of a named Vega mark group: its items are its `<path>`/`<text>` children. */
function markGroup(svg: string, name: string): string {
  const start = svg.indexOf(`${name}_marks`);
  assert.ok(start >= 0, `the chart has a ${name} mark`);
  return svg.slice(start, svg.indexOf("</g>", start));
}

async function bench(...args: string[]): Promise<{ code: number; out: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "bench/main.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: output.code, out: decode(output.stdout) + decode(output.stderr) };
}

Deno.test("a results file and the committed docs/bench.json validate; a broken one does not", async () => {
  assert.deepEqual(await schemaErrors(results()), []);
  const committed = JSON.parse(await Deno.readTextFile(new URL("docs/bench.json", ROOT)));
  assert.deepEqual(await schemaErrors(committed), []);
  const broken = { ...results(), seconds: "12", exercises: [{ name: "pool" }] };
  const errors = await schemaErrors(broken);
  assert.ok(errors.some((e) => e.startsWith("/seconds")), errors.join("\n"));
  assert.ok(errors.some((e) => e.startsWith("/exercises/0")), errors.join("\n"));
});

Deno.test("the summary table and the Markdown report are computed from the results", () => {
  const table = summaryTable(results());
  // Each exercise that ran, at 2 workers: serial and parallel.
  assert.deepEqual(table.rows.map((r) => `${r[0]} ${r[1]} ${r[2]}`), [
    "`pool` serial 2",
    "`pool` parallel 2",
    "`pipe` serial 2",
    "`pipe` parallel 2",
  ]);
  // pool's parallel at 2 workers: Deno 0.6 and 0.66 s, Python 1.2 s both runs.
  assert.deepEqual(table.rows[1]!.slice(3), ["630 ms [600–660]", "1.20 s", "1.91× [1.82–2.00]"]);
  assert.equal(table.rows[3]![5], "—");
  const md = markdownReport(results(), "bench.json");
  assert.match(md, /^# Benchmarks of the exercises$/m);
  assert.match(md, /\| `pool` +\| parallel +\| +2 \| +630 ms \[600–660\] \|/);
  assert.match(md, /`where` \(failed\): run failed at workers 2: boom/);
  assert.match(md, new RegExp(`!\\[[^\\]]*\\]\\(${speedupFile("pool")}\\)`));
  assert.match(md, new RegExp(`\\(${RATIO_FILE}\\)`));
  assert.ok(
    textSummary(results()).includes(
      "pool speed-up (serial ÷ parallel): 1 → 0.955×, 2 → 1.59×, 4 → 2.39×; " +
        "python 1 → 1.00×, 2 → 1.67×, 4 → 2.50×",
    ),
  );
});

/** `results()` where `pool` runs 1.5 times slower on 2 workers than serially, with its reason. */
function slowerPool(reason: string | null): BenchResults {
  const base = results();
  const pool = base.exercises[0]!;
  const series = pool.series.map((s) =>
    s.workers !== 2 ? s : {
      ...s,
      figures: seriesFigures([{ serial: 1, parallel: 1.5 }, { serial: 1, parallel: 1.5 }], [
        null,
        null,
      ]),
      speedup: stat([1 / 1.5, 1 / 1.5]),
    }
  );
  const slow = { ...pool, series, whySlowerInParallel: reason };
  return { ...base, exercises: [slow, ...base.exercises.slice(1)] };
}

Deno.test("a parallel figure measured slower than serial is explained in the summary and both pages", async () => {
  // Faster at the headline count (2 workers) everywhere: nothing to explain.
  assert.deepEqual(slowerInParallel(results()), []);
  assert.doesNotMatch(textSummary(results()), /Slower in parallel/);
  const reason = "each row is too little work for its trip to a worker";
  const slower = slowerPool(reason);
  assert.deepEqual(await schemaErrors(slower), []);
  const lines = slowerInParallel(slower);
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.match(lines[0]!, /^`pool`: `parallel` on 2 workers is slower than `serial`/);
  assert.match(lines[0]!, /1\.50 s against 1\.00 s/);
  assert.match(lines[0]!, /speed-up of 0\.667×/);
  assert.ok(lines[0]!.endsWith(`${reason}.`), lines[0]);
  assert.match(
    textSummary(slower),
    new RegExp(`Slower in parallel than serial, and why:\n- pool:`),
  );
  assert.ok(markdownReport(slower).includes(reason));
  assert.ok((await htmlReport(slower, null)).includes(reason));
  // An exercise without a reason of its own (or a results file older than the field) gets the
  // generic one rather than none.
  assert.ok(slowerInParallel(slowerPool(null))[0]!.endsWith(`${GENERIC_SLOWER_REASON}.`));
});

Deno.test("the ratio chart has one bar per Python figure, labelled with its ratio", async () => {
  const charts = await reportCharts(results());
  assert.deepEqual([...charts.keys()], [RATIO_FILE, speedupFile("pool"), speedupFile("pipe")]);
  const svg = charts.get(RATIO_FILE)!;
  assert.match(svg, /^<svg /);
  assert.equal(markGroup(svg, "bars").split("<path").length - 1, 2, "pool serial and parallel");
  assert.ok(svg.includes("pool · serial") && svg.includes("pool · parallel"));
  assert.ok(!svg.includes("pipe · "), "pipe has no Python figures");
  assert.match(svg, />2×</, "Python took 2 s against Deno's 1 s");
  assert.match(svg, />1\.91×</);
});

Deno.test("a speed-up chart has a point per runtime and worker count, with its value", async () => {
  const charts = await reportCharts(results());
  const pool = charts.get(speedupFile("pool"))!;
  assert.equal(markGroup(pool, "points").split("<path").length - 1, 6, "Deno and Python × 3");
  assert.match(pool, /Speed-up of pool against worker count/);
  for (const label of ["0.955×", "2.39×", "1.67×", "2.50×"]) {
    assert.ok(pool.includes(`>${label}<`), label);
  }
  const pipe = charts.get(speedupFile("pipe"))!;
  assert.equal(markGroup(pipe, "points").split("<path").length - 1, 3, "Deno alone");
});

Deno.test("the page embeds every chart and the summary table", async () => {
  const page = await htmlReport(results(), "bench.json");
  assert.equal(page.split("<svg ").length - 1, 3);
  assert.match(page, /<table class="summary">/);
  assert.match(page, /<td class="r">630 ms \[600–660\]<\/td>/);
  assert.match(page, /<code>where<\/code> \(failed\)/);
  assert.match(page, /href="bench\.json"/);
});

Deno.test("the command line: suites, their flags, and the flags they do not take", () => {
  assert.equal(parseOptions([]).suite, "exercises");
  assert.equal(parseOptions(["pool"]).runs, 7);
  assert.equal(parseOptions(["--quick"]).runs, 2);
  assert.equal(parseOptions(["--report"]).report, "docs");
  assert.deepEqual(parseOptions(["--workers", "4,1,2,2"]).workerList, [1, 2, 4]);
  assert.deepEqual(parseOptions(["shared", "--only", "lock,queue"]).only, ["lock", "queue"]);
  assert.throws(() => parseOptions(["pool", "--python"]), /exercises suite/);
  assert.throws(() => parseOptions(["gpu"]), /unknown suite/);
  assert.throws(() => parseOptions(["--runs", "0"]), /at least 1/);
});

Deno.test("--from renders an earlier run; --validate accepts it and rejects a broken file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const json = `${dir}/earlier.json`;
    await Deno.writeTextFile(json, JSON.stringify(results()));
    const rendered = await bench("--from", json, "--report", `${dir}/report`);
    assert.equal(rendered.code, 0, rendered.out);
    const md = await Deno.readTextFile(`${dir}/report/bench.md`);
    assert.match(md, /630 ms \[600–660\]/);
    assert.match(
      await Deno.readTextFile(`${dir}/report/${RATIO_FILE}`),
      /^<!-- deno-fmt-ignore-file -->\n<svg /,
    );
    assert.equal((await bench("--validate", json)).code, 0);
    await Deno.writeTextFile(json, JSON.stringify({ ...results(), schema: "multiproc-bench/0" }));
    const rejected = await bench("--validate", json);
    assert.equal(rejected.code, 1);
    assert.match(rejected.out, /\/schema: must be equal to constant/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a quick run of one exercise writes a results file that --validate accepts", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const json = `${dir}/where.json`;
    const run = await bench("--quick", "--filter", "^where$", "--runs", "1", "--json", json);
    assert.equal(run.code, 0, run.out);
    const written = JSON.parse(await Deno.readTextFile(json)) as BenchResults;
    assert.deepEqual(written.exercises.map((e) => [e.name, e.status]), [["where", "ok"]]);
    // Its stderr is a pipe, not a terminal: a line says when each exercise is done.
    assert.match(run.out, /^\[1\/1\] where done in \d+\.\d s$/m, run.out);
    assert.equal((await bench("--validate", json)).code, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bench:cluster: --help names the suite; without redis-server it exits 1 saying so", async () => {
  assert.equal(parseOptions(["cluster", "--quick"]).suite, "cluster");
  assert.throws(() => parseOptions(["cluster", "--only", "tiny"]), /--only is a flag of shared/);
  const help = await bench("cluster", "--help");
  assert.equal(help.code, 0, help.out);
  assert.match(help.out, /cluster needs redis-server/);
  // No redis-server on PATH: the suite refuses before it starts anything.
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "bench/main.ts", "cluster", "--quick"],
    cwd: ROOT,
    env: { NO_COLOR: "1", PATH: "/nonexistent" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 1, err);
  assert.match(err, /bench:cluster needs redis-server .* on PATH/);
  assert.doesNotMatch(new TextDecoder().decode(output.stdout), /tasks\/s/);
});

Deno.test({
  name:
    "bench:cluster's redis-server counts every XADD in entries-added, and is gone once disposed",
  ignore: ignoreWithoutRedis,
  async fn() {
    const server = await startRedisServer();
    try {
      await using counter = await streamCounter(server.url, "q");
      await using client = await connectRedis(server.url, { queue: "q" });
      const before = await counter.added();
      const entry = (byte: number) => ({ version: 1, pool: "p", body: new Uint8Array([byte]) });
      await client.enqueue([entry(1), entry(2)]);
      assert.equal(await counter.added() - before, 2);
    } finally {
      await server[Symbol.asyncDispose]();
    }
    assert.throws(() => Deno.readTextFileSync(`/proc/${server.pid}/stat`), Deno.errors.NotFound);
  },
});

Deno.test({
  name: "bench:cluster --quick: every figure measured, 100 applyAsync of one tick in one entry, " +
    "nothing left running",
  ignore: ignoreWithoutRedis,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const json = `${dir}/cluster.json`;
      const run = await bench("cluster", "--quick", "--runs", "1", "--json", json);
      assert.equal(run.code, 0, run.out);
      const written = JSON.parse(await Deno.readTextFile(json));
      assert.equal(written.benchmark, "bench:cluster");
      const ids = written.figures.map((f: { id: string }) => f.id);
      for (const id of ["tiny.cluster_map", "trip.cluster", "tick.cluster_entries"]) {
        assert.ok(ids.includes(id), `${id} in ${ids}`);
      }
      assert.ok(ids.includes("count.cluster_map") && ids.includes("count.cluster_apply"), ids);
      const entries = written.figures.find((f: { id: string }) => f.id === "tick.cluster_entries");
      assert.deepEqual(entries.summary.samples, [1], "one batch entry for the 100 calls");
      const started = /redis-server pid (\d+) .* cluster workers pids (\d+), (\d+)/.exec(run.out);
      assert.ok(started !== null, run.out);
      const pids = started.slice(1);
      for (const pid of pids) {
        assert.throws(() => Deno.readTextFileSync(`/proc/${pid}/stat`), Deno.errors.NotFound, pid);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
