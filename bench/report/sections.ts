/**
 * The longer sections of the benchmark report's Markdown page: the environment, the speed-up
 * tables and every figure of every exercise. Each returns its blocks (paragraphs, headings,
 * tables and blank lines), not yet wrapped.
 *
 * @module
 */
import { speedupFile } from "./charts.ts";
import { formatDuration, formatRatioStat, formatSeconds, formatStat, orDash } from "./format.ts";
import { markdownTable } from "./markdown.ts";
import { percent } from "../harness/print.ts";
import { parallelExercises, summaryRows } from "./summary.ts";
import type { BenchResults, ExerciseResult } from "../suites/exercises/types.ts";

/**
 * A table of the report as both pages draw it (`markdownTable` for bench.md, `htmlTable` for
 * bench.html): cells are Markdown inline text, where only `code spans` are marked up.
 */
export interface ReportTable {
  readonly header: readonly string[];
  readonly align: readonly ("l" | "r")[];
  readonly rows: readonly (readonly string[])[];
}

/** The summary table: every figure of every exercise at its headline worker count. */
export function summaryTable(results: BenchResults): ReportTable {
  return {
    header: [
      "exercise",
      "figure",
      "workers",
      "Deno median [min–max]",
      "Python median",
      "Python ÷ Deno",
    ],
    align: ["l", "l", "r", "r", "r", "r"],
    rows: summaryRows(results).map((r) => [
      `\`${r.exercise}\``,
      r.figure,
      String(r.workers),
      formatStat(r.deno),
      orDash(r.python, (python) => formatSeconds(python.median)),
      orDash(r.ratio, formatRatioStat),
    ]),
  };
}

/** What `deno task bench` was run with, as a shell line. */
export function commandLine(results: BenchResults): string {
  return ["deno task bench", ...results.args.map((a) => /^[\w./,:=-]+$/.test(a) ? a : `'${a}'`)]
    .join(" ");
}

/** "## Environment": what ran, where, with which parameters and under what load. */
export function environmentSection(results: BenchResults): string[] {
  const env = results.environment;
  const p = results.parameters;
  const pythonLine = results.python === null
    ? (p.python ? "python3 not found" : "not run (no `--python`)")
    : `${results.python.version} (\`${results.python.executable}\`)`;
  const counts = p.workerCounts === null
    ? "their own counts (default 1, 2, 4 and the workers)"
    : p.workerCounts.join(", ");
  const items: [string, string][] = [
    ["Deno", `${env.deno} (V8 ${env.v8}, TypeScript ${env.typescript})`],
    ["OS", `${env.os} ${env.osRelease ?? ""} ${env.arch}`.replace(/\s+/g, " ")],
    [
      "CPU",
      `${env.cpuModel ?? "unknown"}, ${env.hardwareConcurrency} logical cores` +
      (env.memoryGiB === null ? "" : `, ${env.memoryGiB} GiB RAM`),
    ],
    ["Python", pythonLine],
    ["Commit", `${env.gitCommit === null ? "unknown" : `\`${env.gitCommit}\``}, ${env.date}`],
    [
      "Parameters",
      `seed ${p.seed} · ${p.warmup} warm-up + ${p.runs} measured runs · ${p.workers} workers, ` +
      `exercises with a parallel figure at ${counts}${p.quick ? " · `--quick` sizes" : ""}` +
      (p.filter === null ? "" : ` · filter \`${p.filter}\``),
    ],
    [
      "Load",
      `other processes used ${percent(results.cpu.othersBefore)} of all cores just before ` +
      `the runs and ${percent(results.cpu.othersDuring)} during them` +
      (env.loadAverage === null
        ? ""
        : ` (load average ${env.loadAverage.map((x) => x.toFixed(2)).join(" ")} at the start)`),
    ],
  ];
  return ["## Environment", "", ...items.map(([name, value]) => `- **${name}**: ${value}`), ""];
}

/** The environment in one line, as the HTML page heads its charts. */
export function environmentLine(results: BenchResults): string {
  const env = results.environment;
  const p = results.parameters;
  const parts = [
    `Deno ${env.deno}`,
    `${env.os} ${env.arch}`,
    `${env.cpuModel ?? "unknown CPU"}, ${env.hardwareConcurrency} logical cores`,
    results.python === null ? "no Python" : `Python ${results.python.version}`,
    `seed ${p.seed}`,
    `${p.warmup} warm-up + ${p.runs} measured runs`,
    `${p.workers} workers`,
  ];
  if (p.quick) parts.push("`--quick` sizes");
  if (p.filter !== null) parts.push(`filter \`${p.filter}\``);
  parts.push(`commit \`${env.gitCommit ?? "unknown"}\``, env.date.slice(0, 10));
  return parts.join(" · ");
}

/** The speed-up table of one parallel exercise: its parallel figure and speed-up per count. */
function speedupTable(e: ExerciseResult): string {
  const hasPython = e.series.some((s) => s.pythonSpeedup !== null);
  const header = ["workers", `${e.parallelFigure}`, "speed-up"];
  if (hasPython) header.push("Python", "Python speed-up");
  const rows = e.series.map((s) => {
    const f = s.figures.find((x) => x.name === e.parallelFigure);
    const row = [
      String(s.workers),
      orDash(f?.deno, formatStat),
      orDash(s.speedup, formatRatioStat),
    ];
    if (!hasPython) return row;
    return [...row, orDash(f?.python, formatStat), orDash(s.pythonSpeedup, formatRatioStat)];
  });
  return markdownTable(header, header.map(() => "r"), rows);
}

/** "## Speed-up with workers": a chart and a table per parallel exercise; none without one. */
export function speedupSection(results: BenchResults): string[] {
  const parallel = parallelExercises(results);
  if (parallel.length === 0) return [];
  const cores = results.environment.hardwareConcurrency;
  return [
    "## Speed-up with workers",
    "",
    "Serial time ÷ parallel time of the same run, at each worker count; the dashed line is " +
    `the ideal (n workers, n× as fast). This machine has ${cores} logical ` +
    "cores: past them, added workers share the same cores.",
    "",
    ...parallel.flatMap((e) => [
      `### ${e.name}`,
      "",
      `![Speed-up of ${e.name} against worker count](${speedupFile(e.name)})`,
      "",
      speedupTable(e),
      "",
    ]),
  ];
}

/** "## Every figure": each exercise's status, notes and figures at every worker count. */
export function figuresSection(results: BenchResults): string[] {
  const out = ["## Every figure", ""];
  for (const e of results.exercises) {
    out.push(`### ${e.name}${e.title === null ? "" : ` — ${e.title}`}`, "");
    const meta = [`\`${e.script}\``, e.status];
    if (e.python.status !== "not requested") {
      meta.push(
        `Python: ${e.python.status}${e.python.version === null ? "" : ` (${e.python.version})`}`,
      );
    }
    if (e.seconds > 0) meta.push(`${formatDuration(e.seconds)} in all`);
    out.push(meta.join(" · "), "");
    for (const note of e.notes) out.push(`- ${note}`);
    if (e.notes.length > 0) out.push("");
    if (e.series.length === 0) continue;
    const hasPython = e.series.some((s) => s.figures.some((f) => f.python !== null));
    const header = ["workers", "figure", "Deno median [min–max]"];
    if (hasPython) header.push("Python median [min–max]", "Python ÷ Deno");
    const rowsOf = e.series.flatMap((s) =>
      s.figures.map((f) => {
        const row = [String(s.workers), f.name, formatStat(f.deno)];
        if (!hasPython) return row;
        return [...row, orDash(f.python, formatStat), orDash(f.ratio, formatRatioStat)];
      })
    );
    out.push(markdownTable(header, header.map((_, i) => i === 1 ? "l" : "r"), rowsOf), "");
  }
  return out;
}
