/**
 * The Markdown report of a results file, `bench.md` with its SVG charts, as `deno fmt` formats it:
 * pure functions of the results, so a committed `docs/bench.json` renders again.
 * @module
 */
import { relative } from "node:path";
import { percent } from "../harness/print.ts";
import type { BenchResults, ExerciseResult } from "../suites/exercises/types.ts";
import { RATIO_FILE, reportCharts, speedupFile } from "./charts.ts";
import { formatDuration, formatRatioStat, formatStat, padColumns, width } from "./format.ts";
import { headlineFigures, notMeasured, parallelExercises, type ReportTable } from "./summary.ts";
import { slowerInParallel, summaryTable } from "./summary.ts";

/** Words of Markdown prose: a code span or link text with spaces stays one word. */
function words(text: string): string[] {
  const out = [""];
  let code = false;
  let brackets = 0;
  for (const ch of text) {
    if (ch === "`") code = !code;
    else if (!code && ch === "[") brackets++;
    else if (!code && ch === "]") brackets = Math.max(0, brackets - 1);
    if (/\s/.test(ch) && !code && brackets === 0) out.push("");
    else out[out.length - 1] += ch;
  }
  return out.filter((word) => word !== "");
}

/** Prose wrapped at 100 columns as `deno fmt` wraps it; `first` and `indent` start the lines. */
function wrap(text: string, first = "", indent = ""): string {
  const [head = "", ...rest] = words(text);
  const lines = [first + head];
  for (const word of rest) {
    if (width(lines.at(-1)!) + 1 + width(word) > 100) lines.push(indent + word);
    else lines[lines.length - 1] += ` ${word}`;
  }
  return lines.join("\n");
}

/**
 * Markdown as `deno fmt` writes it: blocks one blank line apart, paragraphs and list items
 * wrapped, headings, tables and images as they are. Empty blocks (a section with nothing to
 * show) vanish; the results' own text has no blank lines (notes are one line each).
 */
function reflow(markdown: string): string {
  const blocks = markdown.split(/\n{2,}/).filter((block) => block.trim() !== "");
  return blocks.map((block) => {
    if (/^(#|\||!\[)/.test(block)) return block;
    if (!block.startsWith("- ")) return wrap(block);
    return block.split(/\n(?=- )/).map((item) => wrap(item.slice(2), "- ", "  ")).join("\n");
  }).join("\n\n") + "\n";
}

/** A Markdown table padded as `deno fmt` pads one, of its first `columns` columns. */
function markdownTable({ header, align, rows }: ReportTable, columns = header.length): string {
  const cells = [header, ...rows].map((row) =>
    row.slice(0, columns).map((cell) => cell.replaceAll("|", "\\|").replace(/\s*\n\s*/g, " "))
  );
  const [head, ...body] = padColumns(cells, align);
  const rule = head!.map((c, i) => "-".repeat(width(c) - 1) + (align[i] === "r" ? ":" : "-"));
  return [head!, rule, ...body].map((row) => `| ${row.join(" | ")} |`).join("\n");
}

/** What `deno task bench` was run with, as a shell line. */
export function commandLine(results: BenchResults): string {
  return ["deno task bench", ...results.args.map((a) => /^[\w./,:=-]+$/.test(a) ? a : `'${a}'`)]
    .join(" ");
}

/** How many runs each figure is the median of: `5 measured runs after 1 warm-up run`. */
export function runsLine({ runs, warmup }: BenchResults["parameters"]): string {
  const plural = (n: number) => n === 1 ? "" : "s";
  return `${runs} measured run${plural(runs)} after ${warmup} warm-up run${plural(warmup)}`;
}

/** The parameters both pages show: `seed 100 · 1 warm-up + 5 measured runs · 2 workers`. */
export function parametersLine(p: BenchResults["parameters"]): string {
  return `seed ${p.seed} · ${p.warmup} warm-up + ${p.runs} measured runs · ${p.workers} workers`;
}

/** `--quick` and `--filter` when given, each after " · ". */
export function optionsLine(p: BenchResults["parameters"]): string {
  return (p.quick ? " · `--quick` sizes" : "") +
    (p.filter === null ? "" : ` · filter \`${p.filter}\``);
}

/** Why there is no Python chart. */
export function noPythonFigures(results: BenchResults): string {
  return results.python === null
    ? "No Python figures: run with `--python` where python3 (with numpy and scipy) is installed."
    : "No Python figures: no exercise has a Python counterpart that ran.";
}

/** "## Environment": what ran, where, with which parameters and under what load. */
function environment({ environment: env, parameters: p, python, cpu }: BenchResults): string {
  const interpreter = python === null
    ? (p.python ? "python3 not found" : "not run (no `--python`)")
    : `${python.version} (\`${python.executable}\`)`;
  const counts = p.workerCounts?.join(", ") ?? "their own counts (default 1, 2, 4 and the workers)";
  const memory = env.memoryGiB === null ? "" : `, ${env.memoryGiB} GiB RAM`;
  const averages = env.loadAverage?.map((x) => x.toFixed(2)).join(" ");
  const load = averages === undefined ? "" : ` (load average ${averages} at the start)`;
  return `## Environment

- **Deno**: ${env.deno} (V8 ${env.v8}, TypeScript ${env.typescript})
- **OS**: ${env.os} ${env.osRelease ?? ""} ${env.arch}
- **CPU**: ${env.cpuModel ?? "unknown"}, ${env.hardwareConcurrency} logical cores${memory}
- **Python**: ${interpreter}
- **Commit**: ${env.gitCommit === null ? "unknown" : `\`${env.gitCommit}\``}, ${env.date}
- **Parameters**: ${parametersLine(p)}, exercises with a parallel figure at ${counts}
  ${optionsLine(p)}
- **Load**: other processes used ${percent(cpu.othersBefore)} of all cores just before the runs
  and ${percent(cpu.othersDuring)} during them${load}`;
}

/** A parallel exercise under "## Speed-up with workers": its chart and table. */
function speedup(e: ExerciseResult): string {
  const rows = e.series.map((s) => {
    const f = s.figures.find((x) => x.name === e.parallelFigure);
    const deno = [formatStat(f?.deno), formatRatioStat(s.speedup)];
    return [String(s.workers), ...deno, formatStat(f?.python), formatRatioStat(s.pythonSpeedup)];
  });
  const header = ["workers", e.parallelFigure!, "speed-up", "Python", "Python speed-up"];
  // The Python columns only where the Python counterpart has a speed-up.
  const columns = e.series.some((s) => s.pythonSpeedup !== null) ? 5 : 3;
  return `### ${e.name}

![Speed-up of ${e.name} against worker count](${speedupFile(e.name)})

${markdownTable({ header, align: "rrrrr", rows }, columns)}`;
}

/** An exercise under "## Every figure": its status, notes and figures at every worker count. */
function figures(e: ExerciseResult): string {
  const py = e.python;
  const status = [`\`${e.script}\``, e.status];
  if (py.status !== "not requested") {
    status.push(`Python: ${py.status}${py.version === null ? "" : ` (${py.version})`}`);
  }
  if (e.seconds > 0) status.push(`${formatDuration(e.seconds)} in all`);
  const header = ["workers", "figure", "Deno median [min–max]", "Python median [min–max]"];
  const rows = e.series.flatMap((s) =>
    s.figures.map((f) => {
      const python = [formatStat(f.python), formatRatioStat(f.ratio)];
      return [String(s.workers), f.name, formatStat(f.deno), ...python];
    })
  );
  const table = { header: [...header, "Python ÷ Deno"], align: "rlrrr", rows };
  const columns = e.series.some((s) => s.figures.some((f) => f.python !== null)) ? 5 : 3;
  return `### ${e.name}${e.title === null ? "" : ` — ${e.title}`}

${status.join(" · ")}

${e.notes.map((note) => `- ${note}`).join("\n")}

${e.series.length === 0 ? "" : markdownTable(table, columns)}`;
}

/** The Markdown page; `jsonLink` is the results file relative to the page, when written. */
export function markdownReport(results: BenchResults, jsonLink: string | null = null): string {
  const summary = summaryTable(results);
  const link = jsonLink === null ? "" : ` (results: [${jsonLink}](${jsonLink}))`;
  const missing = notMeasured(results).map((line) => `- ${line}`);
  const slower = slowerInParallel(results).map((line) => `- ${line}`);
  const parallel = parallelExercises(results);
  const speedups = parallel.length === 0 ? "" : `## Speed-up with workers

Serial time ÷ parallel time of the same run, at each worker count; the dashed line is the ideal (n
workers, n× as fast). This machine has ${results.environment.hardwareConcurrency} logical cores:
past them, added workers share the same cores.

${parallel.map(speedup).join("\n\n")}`;
  const python = headlineFigures(results).some((f) => f.ratio !== null)
    ? `Python's time ÷ Deno's for every figure of the summary, on a log scale: bars to the right
mean Deno was faster, to the left Python; whiskers span the run pairs' min–max.

![Python's time divided by Deno's, per figure](${RATIO_FILE})`
    : noPythonFigures(results);
  return reflow(`# Benchmarks of the exercises

Every example of \`tools/exercises.ts\` run as a benchmark by \`deno task bench\` (see
\`examples/_exercise.ts\`), in one Deno process, one exercise after another. Each figure is the
median [min–max] of ${runsLine(results.parameters)}. With Python, each Deno run is followed by one
run of \`bench/python/exercises/<name>.py\`, and **Python ÷ Deno** is taken pair by pair: above 1×
Deno was faster.

Generated by \`${commandLine(results)}\`${link} in ${formatDuration(results.seconds)}.

${environment(results)}

## Summary

${summary.rows.length === 0 ? "No exercise ran." : markdownTable(summary)}

${slower.length === 0 ? "" : `Slower in parallel than serial, and why:\n\n${slower.join("\n")}`}

${missing.length === 0 ? "" : `Not measured:\n\n${missing.join("\n")}`}

${speedups}

## Deno against Python

${python}

## Every figure

${results.exercises.map(figures).join("\n\n")}`);
}

/** Writes `bench.md` and its charts into `dir`; returns the paths written. */
export async function writeReport(
  results: BenchResults,
  dir: string,
  jsonPath: string | null,
): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const base = dir.replace(/\/+$/, "");
  const written = [`${base}/bench.md`];
  const link = jsonPath === null ? null : relative(dir, jsonPath);
  await Deno.writeTextFile(written[0]!, markdownReport(results, link));
  for (const [name, svg] of await reportCharts(results)) {
    written.push(`${base}/${name}`);
    // Generated: deno fmt would re-indent the one-line SVG (and `deno fmt --check` fail).
    await Deno.writeTextFile(written.at(-1)!, `<!-- deno-fmt-ignore-file -->\n${svg}\n`);
  }
  return written;
}
