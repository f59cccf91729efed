/**
 * Tests of `deno task bench`'s pure parts on synthetic data: flags, the results schema and its
 * validator, the run-by-run ratios and speed-ups, the progress bar, the Markdown report and the
 * SVG charts. No benchmark runs here.
 */
import assert from "node:assert/strict";
import {
  matchesFilter,
  parseBenchArgs,
  workerCountsFor,
} from "../../tasks/bench/exercises/args.ts";
import { formatDuration, formatSeconds, formatStat } from "../../tasks/bench/exercises/format.ts";
import {
  Progress,
  progressLine,
  type ProgressSink,
  stepLabel,
} from "../../tasks/bench/exercises/progress.ts";
import { parsePythonOutput } from "../../tasks/bench/exercises/python.ts";
import {
  RATIO_FILE,
  ratioBars,
  reportCharts,
  speedupFile,
} from "../../tasks/bench/exercises/charts.ts";
import { markdownTable, wrap } from "../../tasks/bench/exercises/markdown.ts";
import { markdownReport, relativeTo } from "../../tasks/bench/exercises/report.ts";
import { summaryRows, textSummary } from "../../tasks/bench/exercises/summary.ts";
import { benchmarkOf, checkTimings } from "../../tasks/bench/exercises/plan.ts";
import { seriesFigures, speedups, stat } from "../../tasks/bench/exercises/series.ts";
import { escapeXml, niceStep } from "../../tasks/bench/exercises/_svg_parts.ts";
import {
  powerLabel,
  RATIO_LAYOUT,
  type RatioBar,
  ratioGeometry,
  ratioSvg,
} from "../../tasks/bench/exercises/svg_python.ts";
import { speedupSvg } from "../../tasks/bench/exercises/svg_speedup.ts";
import {
  type SpeedupChart,
  speedupGeometry,
} from "../../tasks/bench/exercises/svg_speedup_geometry.ts";
import type { BenchResults, ExerciseResult } from "../../tasks/bench/exercises/types.ts";
import {
  loadBenchSchema,
  type Schema,
  unsupportedKeywords,
  validate,
} from "../../tasks/bench/exercises/validate.ts";

// ——— synthetic results ———

function parallelExercise(): ExerciseResult {
  const at = (workers: number, parallel: number[], pythonParallel: number[]) => ({
    workers,
    figures: seriesFigures(
      parallel.map((p) => ({ serial: 1, parallel: p })),
      pythonParallel.map((p) => ({ serial: 2, parallel: p })),
    ),
    speedup: stat(parallel.map((p) => 1 / p)),
    pythonSpeedup: stat(pythonParallel.map((p) => 2 / p)),
    seconds: 3.5,
  });
  return {
    name: "pool",
    script: "examples/pool.ts",
    title: "Count in-range numbers per row with every Pool method",
    status: "ok",
    notes: [],
    parallelFigure: "parallel",
    serialFigure: "serial",
    python: {
      status: "ok",
      script: "bench/python/exercises/pool.py",
      version: "3.11.7",
      error: null,
    },
    series: [
      at(1, [1.1, 1, 1.05], [2.2, 2.1, 2]),
      at(2, [0.55, 0.5, 0.6], [1.2, 1.1, 1]),
      at(4, [0.5, 0.45, 0.52], [0.9, 0.8, 1]),
    ],
    seconds: 10.5,
  };
}

function sampleResults(): BenchResults {
  return {
    schema: "multiproc-bench/1",
    args: ["--python", "--runs", "3"],
    environment: {
      deno: "2.9.6",
      v8: "15.0",
      typescript: "6.0.3",
      os: "linux",
      arch: "x86_64",
      target: "x86_64-unknown-linux-gnu",
      osRelease: "6.1",
      cpuModel: "Test CPU",
      hardwareConcurrency: 2,
      memoryGiB: 8,
      gitCommit: "abc1234",
      date: "2026-01-01T00:00:00.000Z",
      loadAverage: [0.5, 0.4, 0.3],
    },
    parameters: {
      runs: 3,
      warmup: 1,
      quick: false,
      seed: 100,
      workers: 2,
      workerCounts: null,
      filter: null,
      python: true,
    },
    python: { executable: "/usr/bin/python3", version: "3.11.7" },
    cpu: { othersBefore: 0.02, othersDuring: 0.05 },
    exercises: [
      parallelExercise(),
      {
        name: "where",
        script: "examples/where.ts",
        title: "where(x > 0, sin(x), cos(x)) <tiny> & timed",
        status: "ok",
        notes: ["no Python counterpart (bench/python/exercises/where.py)"],
        parallelFigure: null,
        serialFigure: null,
        python: {
          status: "no counterpart",
          script: "bench/python/exercises/where.py",
          version: null,
          error: null,
        },
        series: [{
          workers: 2,
          figures: seriesFigures([{ kernel: 2e-6 }, { kernel: 3e-6 }, { kernel: 2.5e-6 }], [
            null,
            null,
            null,
          ]),
          speedup: null,
          pythonSpeedup: null,
          seconds: 0.2,
        }],
        seconds: 0.2,
      },
      {
        name: "dot",
        script: "examples/dot.ts",
        title: null,
        status: "skipped",
        notes: ["no `benchmark` export yet"],
        parallelFigure: null,
        serialFigure: null,
        python: {
          status: "not requested",
          script: "bench/python/exercises/dot.py",
          version: null,
          error: null,
        },
        series: [],
        seconds: 0,
      },
    ],
    seconds: 12.25,
  };
}

/** A deep copy to break. */
function copy(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(sampleResults()));
}

// ——— schema and validator ———

Deno.test("bench schema: uses only keywords the validator checks", async () => {
  const schema = await loadBenchSchema();
  assert.deepEqual(unsupportedKeywords(schema), []);
});

Deno.test("bench schema: a synthetic results file validates, also through JSON", async () => {
  const schema = await loadBenchSchema();
  assert.deepEqual(validate(schema, sampleResults()), []);
  assert.deepEqual(validate(schema, JSON.parse(JSON.stringify(sampleResults()))), []);
});

Deno.test("bench schema: broken results files do not validate, with the path of the fault", async () => {
  const schema = await loadBenchSchema();
  const cases: [string, (r: Record<string, unknown>) => void, string][] = [
    ["wrong version", (r) => r.schema = "multiproc-bench/2", "/schema"],
    ["missing field", (r) => delete r.environment, ""],
    ["extra field", (r) => r.extra = 1, "/extra"],
    [
      "bad status",
      (r) => (r.exercises as Record<string, unknown>[])[0]!.status = "great",
      "/exercises/0/status",
    ],
    [
      "fractional workers",
      (
        r,
      ) => ((r.exercises as { series: Record<string, unknown>[] }[])[0]!.series[0]!.workers = 1.5),
      "/exercises/0/series/0/workers",
    ],
    [
      "negative time",
      (r) => {
        const e = (r.exercises as { series: { figures: { deno: { min: number } }[] }[] }[])[0]!;
        e.series[0]!.figures[0]!.deno.min = -1;
      },
      "/exercises/0/series/0/figures/0/deno/min",
    ],
    [
      "null Deno figure",
      (r) => {
        const e = (r.exercises as { series: { figures: { deno: unknown }[] }[] }[])[0]!;
        e.series[0]!.figures[0]!.deno = null;
      },
      "/exercises/0/series/0/figures/0/deno",
    ],
    [
      "stat without samples",
      (r) => {
        const e = (r.exercises as { series: { speedup: { samples?: unknown } }[] }[])[0]!;
        delete e.series[0]!.speedup.samples;
      },
      "/exercises/0/series/0/speedup",
    ],
    [
      "string seed",
      (r) => (r.parameters as Record<string, unknown>).seed = "100",
      "/parameters/seed",
    ],
    ["zero cores", (r) => {
      (r.environment as Record<string, unknown>).hardwareConcurrency = 0;
    }, "/environment/hardwareConcurrency"],
  ];
  for (const [what, breakIt, path] of cases) {
    const broken = copy();
    breakIt(broken);
    const errors = validate(schema, broken);
    assert.ok(errors.length > 0, `${what}: should not validate`);
    assert.ok(
      errors.some((e) => e.path === path),
      `${what}: expected an error at "${path}", got ${JSON.stringify(errors)}`,
    );
  }
});

Deno.test("validate(): each supported keyword, and unknown ones refused", () => {
  const schema: Schema = {
    $defs: { n: { type: "integer", minimum: 1 } },
    type: "object",
    required: ["a"],
    additionalProperties: { type: "string" },
    properties: {
      a: { $ref: "#/$defs/n" },
      b: { type: ["array", "null"], items: { enum: ["x", { y: [1] }] } },
      c: { const: { k: [1, 2] } },
    },
  };
  assert.deepEqual(validate(schema, { a: 2, b: ["x", { y: [1] }], c: { k: [1, 2] }, d: "s" }), []);
  assert.deepEqual(validate(schema, { a: 1, b: null }), []);
  const paths = (v: unknown) => validate(schema, v).map((e) => e.path);
  assert.deepEqual(paths({}), [""]);
  assert.deepEqual(paths({ a: 0 }), ["/a"]);
  assert.deepEqual(paths({ a: 1.5 }), ["/a"]);
  assert.deepEqual(paths({ a: 1, b: ["z"] }), ["/b/0"]);
  assert.deepEqual(paths({ a: 1, b: [{ y: [2] }] }), ["/b/0"]);
  assert.deepEqual(paths({ a: 1, c: { k: [1] } }), ["/c"]);
  assert.deepEqual(paths({ a: 1, "d/e": 3 }), ["/d~1e"]);
  assert.deepEqual(paths([]), [""]);
  assert.throws(() => validate({ type: "string", pattern: "^a" }, "a"), /unsupported.*pattern/);
  assert.deepEqual(unsupportedKeywords({ properties: { x: { oneOf: [] } } }), [
    "#/properties/x/oneOf",
  ]);
  assert.throws(() => validate({ $ref: "#/$defs/missing" }, 1), /does not resolve/);
});

// ——— flags ———

Deno.test("parseBenchArgs(): defaults, --quick, lists and maxima of workers, --report without a directory", () => {
  const d = parseBenchArgs([], 2);
  assert.equal(d.runs, 5);
  assert.equal(d.warmup, 1);
  assert.equal(d.workers, 2);
  assert.equal(d.workerList, null);
  assert.equal(d.report, null);
  assert.equal(d.json, null);
  assert.equal(parseBenchArgs(["--quick"], 2).runs, 2);
  assert.equal(parseBenchArgs(["--quick", "--runs", "4"], 2).runs, 4);
  const list = parseBenchArgs(["--workers", "4, 1,2,2"], 2);
  assert.deepEqual(list.workerList, [1, 2, 4]);
  assert.equal(list.workers, 4);
  const max = parseBenchArgs(["--workers", "3"], 2);
  assert.equal(max.workerList, null);
  assert.equal(max.workersCapped, true);
  assert.equal(max.workers, 3);
  assert.equal(parseBenchArgs(["--report"], 2).report, "docs");
  assert.equal(parseBenchArgs(["--report", "--quick"], 2).report, "docs");
  assert.equal(parseBenchArgs(["--report", "/tmp/r"], 2).report, "/tmp/r");
  assert.equal(parseBenchArgs(["--validate", "x.json"], 2).validate, "x.json");
  assert.throws(() => parseBenchArgs(["--runs", "0"], 2), RangeError);
  assert.throws(() => parseBenchArgs(["--workers", "1,x"], 2), RangeError);
  assert.throws(() => parseBenchArgs(["--bogus"], 2));
});

Deno.test("workerCountsFor(): parallel exercises at several counts, the others at the largest", () => {
  const none = { workers: 2, workerList: null, workersCapped: false };
  assert.deepEqual(workerCountsFor(none, false, undefined), [2]);
  assert.deepEqual(workerCountsFor(none, true, undefined), [1, 2, 4]);
  assert.deepEqual(workerCountsFor({ ...none, workers: 8 }, true, undefined), [1, 2, 4, 8]);
  assert.deepEqual(workerCountsFor(none, true, [1, 5]), [1, 2, 5]);
  const capped = { workers: 2, workerList: null, workersCapped: true };
  assert.deepEqual(workerCountsFor(capped, true, undefined), [1, 2]);
  const list = { workers: 4, workerList: [1, 4], workersCapped: false };
  assert.deepEqual(workerCountsFor(list, true, [1, 2, 3]), [1, 4]);
  assert.deepEqual(workerCountsFor(list, false, undefined), [4]);
});

Deno.test("matchesFilter(): substring or regular expression", () => {
  assert.ok(matchesFilter("shared_value", null));
  assert.ok(matchesFilter("shared_value", "shared"));
  assert.ok(matchesFilter("pool", "^po"));
  assert.ok(matchesFilter("pool", "/^POOL$/i"));
  assert.ok(matchesFilter("dot", "pool|dot"));
  assert.ok(!matchesFilter("pipe", "pool|dot"));
  assert.ok(!matchesFilter("pipe", "(["));
});

// ——— runs, ratios and speed-ups ———

Deno.test("seriesFigures(): Python ÷ Deno pair by pair, Python left out where it did not run", () => {
  const figures = seriesFigures(
    [{ a: 1, b: 2 }, { a: 2, b: 2 }, { a: 4, b: 2 }],
    [{ a: 2 }, null, { a: 2, c: 9 }],
  );
  assert.deepEqual(figures.map((f) => f.name), ["a", "b"]);
  const [a, b] = figures;
  assert.deepEqual(a!.deno, { median: 2, min: 1, max: 4, samples: [1, 2, 4] });
  assert.deepEqual(a!.python?.samples, [2, 2]);
  assert.deepEqual(a!.ratio?.samples, [2, 0.5]);
  assert.equal(a!.ratio?.median, 1.25);
  assert.equal(b!.python, null);
  assert.equal(b!.ratio, null);
});

Deno.test("speedups(): serial ÷ parallel run by run, or over the fewest workers' median", () => {
  const series = [
    { workers: 1, runs: [{ s: 1, p: 1 }, { s: 1.2, p: 1.2 }] },
    { workers: 2, runs: [{ s: 1, p: 0.5 }, { s: 1, p: 0.25 }] },
  ];
  const [one, two] = speedups(series, "p", "s");
  assert.deepEqual(one?.samples, [1, 1]);
  assert.deepEqual(two?.samples, [2, 4]);
  const [base, other] = speedups(series, "p", null);
  assert.deepEqual(base?.samples, [1.1, 1.1 / 1.2].map((x) => Number(x.toPrecision(6))));
  assert.deepEqual(other?.samples, [2.2, 4.4]);
  assert.deepEqual(speedups([{ workers: 1, runs: [null] }], "p", "s"), [null]);
});

Deno.test("checkTimings() and benchmarkOf(): only seconds, only a run()", () => {
  assert.deepEqual(checkTimings({ a: 0.5 }), { a: 0.5 });
  assert.throws(() => checkTimings({ a: NaN }), TypeError);
  assert.throws(() => checkTimings({ a: -1 }), TypeError);
  assert.throws(() => checkTimings({}), TypeError);
  assert.throws(() => checkTimings([1]), TypeError);
  assert.match(benchmarkOf({}) as string, /no `benchmark` export/);
  assert.match(benchmarkOf({ benchmark: { title: "x" } }) as string, /no run\(\)/);
  const b = { title: "x", run: () => Promise.resolve({}) };
  assert.equal(benchmarkOf({ benchmark: b }), b);
});

Deno.test("parsePythonOutput(): the last line's JSON, checked", () => {
  const out = parsePythonOutput('warming up\n{"python": "3.12.1", "timings": {"map": 0.25}}\n');
  assert.deepEqual(out, { python: "3.12.1", timings: { map: 0.25 } });
  assert.throws(() => parsePythonOutput("nothing"), /no JSON/);
  assert.throws(() => parsePythonOutput('{"python": "3"}'), /timings/);
  assert.throws(() => parsePythonOutput('{"timings": {"a": "fast"}}'), /not seconds/);
});

// ——— progress bar ———

Deno.test("progressLine(): a bar of # and . with the count and the step", () => {
  assert.equal(
    progressLine(12, 40, stepLabel("pipe", 2, 2, false), 10),
    "[###.......] 12/40 pipe (workers 2, run 3)",
  );
  assert.equal(progressLine(0, 4, "x", 4), "[....] 0/4 x");
  assert.equal(progressLine(4, 4, "x", 4), "[####] 4/4 x");
  assert.equal(stepLabel("pool", 1, -1, true), "pool (workers 1, warm-up, python)");
});

Deno.test("Progress: redrawn in place with \\r, silent when disabled, cleared before notes", () => {
  const written: string[] = [];
  const sink: ProgressSink = { write: (t) => written.push(t), columns: () => 30 };
  const silent = new Progress(3, false, sink);
  silent.start("a");
  silent.step();
  silent.clear();
  assert.equal(written.length, 0);

  const bar = new Progress(4, true, sink);
  bar.start("pool (workers 2, run 1)");
  bar.step();
  bar.start("pool (workers 2, run 2)");
  assert.equal(written.length, 2);
  assert.ok(written.every((t) => t.startsWith("\r") && t.endsWith("\x1b[K")));
  assert.ok(written[1]!.includes("1/4"));
  // Cut to the terminal's width so the line never wraps (which would break the \r redraw).
  assert.ok(written.every((t) => t.length - "\r\x1b[K".length < 30));
  bar.drop(2);
  assert.equal(bar.total, 2);
  bar.clear();
  assert.equal(written.at(-1), "\r\x1b[K");
  bar.clear();
  assert.equal(written.length, 3, "nothing to clear twice");
});

// ——— Markdown report ———

Deno.test("markdownTable() pads like deno fmt; wrap() keeps code spans whole within 100 columns", () => {
  assert.equal(
    markdownTable(["a", "b ×"], ["l", "r"], [["`x|y`", "1.5×"], ["long cell", "2"]]),
    [
      "| a         |  b × |",
      "| --------- | ---: |",
      "| `x\\|y`    | 1.5× |",
      "| long cell |    2 |",
    ].join("\n"),
  );
  const long = `${"word ".repeat(25)}\`a code span\` ${"tail ".repeat(10)}`;
  const lines = wrap(long, "- ", "  ").split("\n");
  assert.ok(lines.length > 1);
  assert.ok(lines.every((l) => [...l].length <= 100));
  assert.ok(lines.some((l) => l.includes("`a code span`")));
  assert.ok(lines.slice(1).every((l) => l.startsWith("  ")));
});

Deno.test("markdownReport(): summary, charts, skipped exercises, every figure", () => {
  const results = sampleResults();
  const md = markdownReport(results, "bench.json");
  assert.match(md, /^# Benchmarks of the exercises\n/);
  assert.match(md, /\[bench\.json\]\(bench\.json\)/);
  assert.match(md, /\*\*CPU\*\*: Test CPU, 2 logical cores, 8 GiB RAM/);
  assert.match(md, /\| `pool`\s+\| parallel\s+\|\s+2 \|\s+550 ms \[500–600\] \|\s+1\.10 s \|/);
  assert.match(
    md,
    /\| `where`\s+\| kernel\s+\|\s+2 \|\s+2\.50 µs \[2\.00–3\.00\] \|\s+— \|\s+— \|/,
  );
  assert.match(md, /- `dot` \(skipped\): no `benchmark` export yet/);
  assert.match(md, /!\[Speed-up of pool against worker count\]\(bench-speedup-pool\.svg\)/);
  assert.match(md, /!\[[^\]]*\]\(bench-python\.svg\)/);
  assert.match(md, /### where — where\(x > 0, sin\(x\), cos\(x\)\) <tiny> & timed/);
  assert.ok(md.endsWith("\n") && !md.endsWith("\n\n"));
  assert.deepEqual(
    summaryRows(results).map((r) => `${r.exercise}/${r.figure}@${r.workers}`),
    ["pool/serial@2", "pool/parallel@2", "where/kernel@2"],
  );
  assert.deepEqual(ratioBars(results).map((b) => b.figure), ["serial", "parallel"]);
  assert.deepEqual([...reportCharts(results).keys()], [speedupFile("pool"), RATIO_FILE]);
});

Deno.test("markdownReport(): already formatted as deno fmt formats it", async () => {
  const md = markdownReport(sampleResults(), "bench.json");
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext", "md", "-"],
    cwd: new URL("../../", import.meta.url),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(md));
  await writer.close();
  const out = await child.output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  assert.equal(new TextDecoder().decode(out.stdout), md);
});

Deno.test("textSummary(): aligned rows, speed-ups, and what was not measured", () => {
  const text = textSummary(sampleResults());
  const lines = text.split("\n");
  assert.match(
    lines[0]!,
    /^exercise\s+figure\s+workers\s+median \[min–max\]\s+python\s+python ÷ deno$/,
  );
  assert.match(text, /pool\s+parallel\s+2\s+550 ms \[500–600\]\s+1\.10 s\s+2\.18× \[1\.67–2\.20\]/);
  assert.match(
    text,
    /pool speed-up \(serial ÷ parallel\): 1 → 0\.952×, 2 → 1\.82×, 4 → 2\.00×; python 1 → /,
  );
  assert.match(text, /dot: skipped — no `benchmark` export yet/);
});

Deno.test("format: seconds in the unit that suits them", () => {
  assert.equal(formatSeconds(1.234), "1.23 s");
  assert.equal(formatSeconds(0.0123), "12.3 ms");
  assert.equal(formatSeconds(2.5e-6), "2.50 µs");
  assert.equal(formatSeconds(4e-8), "40.0 ns");
  assert.equal(formatStat({ median: 0.5, min: 0.45, max: 1.2, samples: [] }), "500 ms [450–1200]");
  assert.equal(formatDuration(48.24), "48.2 s");
  assert.equal(formatDuration(1685.4), "28 min 5 s");
});

Deno.test("relativeTo(): the JSON file as the report links it", () => {
  assert.equal(relativeTo("/r/docs", "/r/docs/bench.json"), "bench.json");
  assert.equal(relativeTo("/r/docs/", "/r/out/x.json"), "../out/x.json");
  assert.equal(relativeTo("/tmp/rep", "/tmp/rep/sub/../out.json"), "out.json");
});

// ——— SVG charts ———

/**
 * Checks the SVG is well-formed XML of the kind written here (elements, quoted attributes,
 * escaped text, no stray `<` or `&`) and returns its elements with their attributes.
 */
function parseSvg(svg: string): { name: string; attrs: Record<string, string>; text: string }[] {
  const elements: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const stack: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  let rootSeen = false;
  // Left alone by deno fmt, which would re-indent the generated file.
  assert.ok(svg.startsWith("<!-- deno-fmt-ignore-file -->\n"));
  token.lastIndex = svg.indexOf("\n") + 1;
  while (token.lastIndex < svg.length) {
    const start = token.lastIndex;
    const m = token.exec(svg);
    assert.ok(m !== null, `not well-formed at ${start}: ${svg.slice(start, start + 60)}`);
    const [, closing, name, attrText, selfClosing, text] = m;
    if (text !== undefined) {
      assert.ok(!/&(?!(amp|lt|gt|quot|apos);)/.test(text), `unescaped & in ${text}`);
      if (stack.length === 0) assert.match(text, /^\s*$/, "text outside the root");
      else stack.at(-1)!.text += text;
      continue;
    }
    if (closing === "/") {
      const open = stack.pop();
      assert.equal(open?.name, name, `</${name}> closes <${open?.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
      assert.ok(!(a[1]! in attrs), `duplicate attribute ${a[1]}`);
      assert.ok(!/&(?!(amp|lt|gt|quot|apos);)/.test(a[2]!), `unescaped & in ${a[2]}`);
      attrs[a[1]!] = a[2]!;
    }
    const element = { name: name!, attrs, text: "" };
    if (stack.length === 0) {
      assert.ok(!rootSeen, "one root element");
      rootSeen = true;
    }
    elements.push(element);
    if (selfClosing !== "/") stack.push(element);
  }
  assert.equal(stack.length, 0, "every element closed");
  assert.equal(elements[0]?.name, "svg");
  assert.equal(elements[0]?.attrs.xmlns, "http://www.w3.org/2000/svg");
  assert.equal(elements[1]?.name, "title", "a <title> first, for screen readers and tooltips");
  return elements;
}

const SPEEDUP: SpeedupChart = {
  name: "pool",
  subtitle: "serial ÷ parallel <run by run> & more",
  deno: [
    { workers: 1, median: 1, min: 0.9, max: 1.1 },
    { workers: 2, median: 1.8, min: 1.7, max: 1.9 },
    { workers: 4, median: 2, min: 2, max: 2 },
  ],
  python: [{ workers: 1, median: 0.95, min: 0.95, max: 0.95 }, {
    workers: 4,
    median: 3.5,
    min: 3,
    max: 4.5,
  }],
  cores: 2,
};

const close = (actual: string | undefined, expected: number, what: string) =>
  assert.ok(Math.abs(Number(actual) - expected) <= 0.051, `${what}: ${actual} ≠ ${expected}`);

Deno.test("speedupSvg(): well-formed, points where the scales put them, ideal line y = x", () => {
  const svg = speedupSvg(SPEEDUP);
  const elements = parseSvg(svg);
  const g = speedupGeometry(SPEEDUP);
  assert.equal(g.xMax, 4);
  assert.ok(g.yMax >= 4.5 * 1.05, "room for the highest whisker");
  assert.equal(g.y(0), 340);
  assert.equal(g.x(0), 64);

  const title = elements[1]!;
  assert.equal(title.text, "Speed-up of pool against worker count");
  assert.ok(svg.includes("serial ÷ parallel &lt;run by run&gt; &amp; more"));

  const circles = (cls: string) =>
    elements.filter((e) => e.name === "circle" && e.attrs.class === cls);
  const deno = circles("deno");
  assert.equal(deno.length, 3);
  SPEEDUP.deno.forEach((p, i) => {
    close(deno[i]!.attrs.cx, g.x(p.workers), `deno x ${i}`);
    close(deno[i]!.attrs.cy, g.y(p.median), `deno y ${i}`);
  });
  assert.equal(circles("python").length, 2);
  close(circles("python")[1]!.attrs.cy, g.y(3.5), "python y");

  // The same points, joined in order.
  const line = elements.find((e) => e.attrs.class === "deno-line")!;
  const pts = line.attrs.points!.split(" ").map((p) => p.split(",").map(Number));
  assert.equal(pts.length, 3);
  close(String(pts[1]![0]), g.x(2), "polyline x");
  close(String(pts[1]![1]), g.y(1.8), "polyline y");

  // Ideal: from (1, 1×) to (4, 4×), i.e. on the diagonal of the scales.
  const ideal = elements.find((e) => e.attrs.class === "ideal")!;
  close(ideal.attrs.x1, g.x(1), "ideal x1");
  close(ideal.attrs.y1, g.y(1), "ideal y1");
  close(ideal.attrs.x2, g.x(4), "ideal x2");
  close(ideal.attrs.y2, g.y(4), "ideal y2");
  assert.ok(ideal.attrs["stroke-dasharray"], "dashed");

  // A whisker only where min < max; the machine's cores marked.
  assert.equal(elements.filter((e) => e.attrs.class === "deno-range").length, 2);
  close(elements.find((e) => e.attrs.class === "cores")!.attrs.x1, g.x(2), "cores");
  const texts = elements.filter((e) => e.name === "text").map((e) => e.text);
  for (const label of ["workers", "1", "2", "4", "1.80×", "Deno", "Python", "2 cores"]) {
    assert.ok(texts.includes(label), `label ${label}`);
  }
});

Deno.test("speedupSvg(): Deno alone, one worker count", () => {
  const chart: SpeedupChart = {
    name: "solo",
    subtitle: "",
    deno: [{ workers: 1, median: 0.8, min: 0.8, max: 0.8 }],
  };
  const elements = parseSvg(speedupSvg(chart));
  assert.equal(elements.filter((e) => e.attrs.class === "python").length, 0);
  assert.equal(elements.filter((e) => e.attrs.class === "deno-line").length, 0);
  assert.equal(elements.filter((e) => e.attrs.class === "deno").length, 1);
});

const BARS: RatioBar[] = [
  { exercise: "pool", figure: "map", median: 2, min: 1.5, max: 2.5 },
  { exercise: "pool", figure: "serial", median: 0.5, min: 0.5, max: 0.5 },
  { exercise: "dot", figure: "a<b", median: 5, min: 4, max: 6 },
];

Deno.test("ratioSvg(): bars from 1× on a log₂ scale, green right, orange left, labelled", () => {
  const svg = ratioSvg(BARS, "median of 3 pairs");
  const elements = parseSvg(svg);
  const g = ratioGeometry(BARS);
  assert.equal(g.span, 3, "6× needs 2³ each side");
  const centre = (RATIO_LAYOUT.left + RATIO_LAYOUT.right) / 2;
  const half = (RATIO_LAYOUT.right - RATIO_LAYOUT.left) / 2;
  assert.equal(g.x(1), centre);
  assert.ok(Math.abs(g.x(2) - (centre + half / 3)) < 1e-9);
  assert.ok(Math.abs(g.x(0.5) - (centre - half / 3)) < 1e-9);
  assert.equal(g.x(1e9), RATIO_LAYOUT.right, "clamped");

  const bars = elements.filter((e) => e.name === "rect" && e.attrs.class === "bar");
  assert.equal(bars.length, 3);
  // 2×: from the 1× line rightwards to x(2).
  close(bars[0]!.attrs.x, g.x(1), "2× starts at 1×");
  close(bars[0]!.attrs.width, g.x(2) - g.x(1), "2× width");
  close(bars[0]!.attrs.y, g.rowY(0) - 8, "row 0");
  // 0.5×: from x(0.5) rightwards to the 1× line.
  close(bars[1]!.attrs.x, g.x(0.5), "0.5× starts left");
  close(bars[1]!.attrs.width, g.x(1) - g.x(0.5), "0.5× width");
  close(bars[2]!.attrs.y, g.rowY(2) - 8, "row 2");
  assert.notEqual(bars[0]!.attrs.fill, bars[1]!.attrs.fill, "faster and slower differ");
  assert.equal(bars[0]!.attrs.fill, bars[2]!.attrs.fill);

  // Whiskers only where the pairs differ.
  assert.equal(elements.filter((e) => e.attrs.class === "range").length, 2);
  const values = elements.filter((e) => e.attrs.class === "value").map((e) => e.text);
  assert.deepEqual(values, ["2.00×", "0.500×", "5.00×"]);
  const texts = elements.filter((e) => e.name === "text").map((e) => e.text);
  for (const label of ["1/8×", "1/2×", "1×", "8×", "pool · map", "dot · a&lt;b"]) {
    assert.ok(texts.includes(label), `label ${label}`);
  }
  assert.equal(
    Number(elements[0]!.attrs.height),
    RATIO_LAYOUT.top + 3 * RATIO_LAYOUT.rowHeight + RATIO_LAYOUT.bottomMargin,
  );
});

Deno.test("ratioSvg(): no bars still makes a valid chart", () => {
  const elements = parseSvg(ratioSvg([], "nothing"));
  assert.ok(elements.some((e) => e.text === "no Python figures"));
  assert.equal(ratioGeometry([]).span, 1);
});

Deno.test("svg helpers: escaping, nice steps, power-of-two labels", () => {
  assert.equal(escapeXml(`<a href="x">&'`), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
  assert.equal(niceStep(4.2, 5), 1);
  assert.equal(niceStep(12, 5), 5);
  assert.equal(niceStep(0.3, 5), 0.1);
  assert.equal(powerLabel(-2), "1/4×");
  assert.equal(powerLabel(0), "1×");
  assert.equal(powerLabel(3), "8×");
});
