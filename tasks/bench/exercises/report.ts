/**
 * The report of a benchmark run: the summary table for stdout, and the Markdown page with its
 * SVG charts (speed-up against workers per parallel exercise, Deno against Python). Pure
 * functions of a results file, so a committed `docs/bench.json` can be rendered again.
 *
 * @module
 */
import {
  formatDuration,
  formatRatio,
  formatRatioStat,
  formatSeconds,
  formatStat,
} from "./format.ts";
import { type RatioBar, ratioSvg, type SpeedupPoint, speedupSvg } from "./svg.ts";
import type { BenchResults, ExerciseResult, SeriesResult, Stat } from "./types.ts";

/** One row of the summary: a figure of an exercise at its headline worker count. */
export interface SummaryRow {
  readonly exercise: string;
  readonly figure: string;
  readonly workers: number;
  readonly deno: Stat;
  readonly python: Stat | null;
  readonly ratio: Stat | null;
}

/** The series the summary shows: at `parameters.workers` if it ran, else the largest. */
export function headlineSeries(e: ExerciseResult, workers: number): SeriesResult | null {
  return e.series.find((s) => s.workers === workers) ?? e.series.at(-1) ?? null;
}

/** Every figure of every exercise that ran, at its headline worker count. */
export function summaryRows(results: BenchResults): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const e of results.exercises) {
    const s = headlineSeries(e, results.parameters.workers);
    if (s === null) continue;
    for (const f of s.figures) {
      rows.push({
        exercise: e.name,
        figure: f.name,
        workers: s.workers,
        deno: f.deno,
        python: f.python,
        ratio: f.ratio,
      });
    }
  }
  return rows;
}

/** Exercises that did not run to the end, with why. */
export function notMeasured(
  results: BenchResults,
): { name: string; status: string; note: string }[] {
  return results.exercises
    .filter((e) => e.status !== "ok")
    .map((e) => ({ name: e.name, status: e.status, note: e.notes.join("; ") }));
}

/** The summary for the terminal: aligned columns, then the exercises that did not run. */
export function textSummary(results: BenchResults): string {
  const header = ["exercise", "figure", "workers", "median [min–max]", "python", "python ÷ deno"];
  const rows = summaryRows(results).map((r) => [
    r.exercise,
    r.figure,
    String(r.workers),
    formatStat(r.deno),
    r.python === null ? "—" : formatSeconds(r.python.median),
    r.ratio === null ? "—" : formatRatioStat(r.ratio),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([2, 3, 4]);
  const line = (cells: string[]) =>
    cells.map((c, i) => right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)).join("  ")
      .trimEnd();
  const out = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  for (const e of results.exercises) {
    const deno = points(e.series, false);
    if (e.parallelFigure === null || deno.length === 0) continue;
    const python = points(e.series, true);
    const list = (ps: SpeedupPoint[]) =>
      ps.map((q) => `${q.workers} → ${formatRatio(q.median)}`).join(", ");
    out.push(
      `${e.name} speed-up (${e.serialFigure ?? "fewest workers"} ÷ ${e.parallelFigure}): ` +
        list(deno) + (python.length === 0 ? "" : `; python ${list(python)}`),
    );
  }
  for (const m of notMeasured(results)) out.push(`${m.name}: ${m.status} — ${m.note}`);
  return out.join("\n");
}

// ——— Markdown ———

/** Characters as a Markdown formatter counts them (code points). */
function width(text: string): number {
  return [...text].length;
}

/** Words of Markdown prose; a code span or link text with spaces stays one word. */
function words(text: string): string[] {
  const out: string[] = [];
  let word = "";
  let code = false;
  let bracket = 0;
  for (const ch of text) {
    if (ch === "`") code = !code;
    else if (!code && ch === "[") bracket++;
    else if (!code && ch === "]") bracket = Math.max(0, bracket - 1);
    if (/\s/.test(ch) && !code && bracket === 0) {
      if (word !== "") out.push(word);
      word = "";
    } else word += ch;
  }
  if (word !== "") out.push(word);
  return out;
}

/**
 * Prose wrapped at `columns` as `deno fmt` wraps it (the project's line width, 100), each line
 * after the first starting with `indent`; `first` starts the first line (e.g. "- ").
 */
export function wrap(text: string, first = "", indent = "", columns = 100): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words(text)) {
    if (!empty && width(line) + 1 + width(w) > columns) {
      lines.push(line);
      line = indent + w;
    } else line += (empty ? "" : " ") + w;
    empty = false;
  }
  lines.push(line);
  return lines.join("\n");
}

/** A table cell: pipes escaped, no line breaks. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|").replace(/\s*\n\s*/g, " ");
}

/**
 * A Markdown table padded the way `deno fmt` pads one, so a generated report is already
 * formatted. `align`: "l" or "r" per column.
 */
export function markdownTable(
  header: readonly string[],
  align: readonly ("l" | "r")[],
  rows: readonly (readonly string[])[],
): string {
  const all = [header, ...rows].map((r) => r.map(cell));
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => width(r[i] ?? ""))));
  const pad = (text: string, i: number) => {
    const fill = " ".repeat(widths[i]! - width(text));
    return align[i] === "r" ? fill + text : text + fill;
  };
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => pad(c, i)).join(" | ")} |`;
  const rule = `| ${
    widths.map((w, i) => align[i] === "r" ? `${"-".repeat(w - 1)}:` : "-".repeat(w)).join(" | ")
  } |`;
  return [line(all[0]!), rule, ...all.slice(1).map(line)].join("\n");
}

/** File name of an exercise's speed-up chart. */
export function speedupFile(name: string): string {
  return `bench-speedup-${name.replace(/[^A-Za-z0-9_-]/g, "-")}.svg`;
}

/** File name of the Deno-against-Python chart. */
export const RATIO_FILE = "bench-python.svg";

function points(series: readonly SeriesResult[], python: boolean): SpeedupPoint[] {
  return series.flatMap((s) => {
    const st = python ? s.pythonSpeedup : s.speedup;
    return st === null ? [] : [{ workers: s.workers, median: st.median, min: st.min, max: st.max }];
  });
}

/** Exercises with a speed-up to chart (a parallelFigure and at least one speed-up). */
function parallelExercises(results: BenchResults): ExerciseResult[] {
  return results.exercises.filter((e) =>
    e.parallelFigure !== null && points(e.series, false).length > 0
  );
}

/** The ratio bars: every summary row with a Python figure. */
export function ratioBars(results: BenchResults): RatioBar[] {
  return summaryRows(results).flatMap((r) =>
    r.ratio === null ? [] : [{
      exercise: r.exercise,
      figure: r.figure,
      median: r.ratio.median,
      min: r.ratio.min,
      max: r.ratio.max,
    }]
  );
}

/** What `deno task bench` was run with, as a shell line. */
function commandLine(results: BenchResults): string {
  return ["deno task bench", ...results.args.map((a) => /^[\w./,:=-]+$/.test(a) ? a : `'${a}'`)]
    .join(" ");
}

function percent(share: number | null): string {
  return share === null ? "unknown" : `${Math.round(share * 100)}%`;
}

/** The SVG charts of the report, by file name. */
export function reportCharts(results: BenchResults): Map<string, string> {
  const charts = new Map<string, string>();
  const cores = results.environment.hardwareConcurrency;
  for (const e of parallelExercises(results)) {
    const python = points(e.series, true);
    const over = e.serialFigure === null
      ? `${e.parallelFigure} at the fewest workers`
      : e.serialFigure;
    charts.set(
      speedupFile(e.name),
      speedupSvg({
        name: e.name,
        subtitle:
          `${over} ÷ ${e.parallelFigure}, run by run · ${cores} cores · ${results.parameters.runs} runs${
            results.parameters.quick ? " · --quick" : ""
          }`,
        deno: points(e.series, false),
        ...(python.length === 0 ? {} : { python }),
        cores,
      }),
    );
  }
  const bars = ratioBars(results);
  if (bars.length > 0) {
    const p = results.parameters;
    charts.set(
      RATIO_FILE,
      ratioSvg(
        bars,
        `median of ${p.runs} Deno/Python run pairs, whiskers min–max · Python ${
          results.python?.version ?? "?"
        } · ${
          results.environment.cpuModel ?? "unknown CPU"
        }, ${results.environment.hardwareConcurrency} cores`,
      ),
    );
  }
  return charts;
}

/** The Markdown page; `jsonLink` is the results file relative to the page, when written. */
export function markdownReport(results: BenchResults, jsonLink: string | null = null): string {
  const env = results.environment;
  const p = results.parameters;
  const out: string[] = [];
  out.push("# Benchmarks of the exercises", "");
  out.push(
    "Every example of `tasks/exercises.ts` run as a benchmark by `deno task bench` (see " +
      "`tasks/bench/exercise.ts`), in one Deno process, one exercise after another. Each figure " +
      `is the median [min–max] of ${p.runs} measured run${p.runs === 1 ? "" : "s"} after ` +
      `${p.warmup} warm-up run${p.warmup === 1 ? "" : "s"}. With Python, each Deno run is ` +
      "followed by one run of `tasks/python/exercises/<name>.py`, and **Python ÷ Deno** is " +
      "taken pair by pair: above 1× Deno was faster.",
    "",
  );
  out.push(
    `Generated by \`${commandLine(results)}\`${
      jsonLink === null ? "" : ` (results: [${jsonLink}](${jsonLink}))`
    } in ${formatDuration(results.seconds)}.`,
    "",
  );

  out.push("## Environment", "");
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
  for (const [name, value] of items) out.push(`- **${name}**: ${value}`);
  out.push("");

  out.push("## Summary", "");
  const rows = summaryRows(results);
  if (rows.length === 0) out.push("No exercise ran.", "");
  else {
    out.push(
      markdownTable(
        [
          "exercise",
          "figure",
          "workers",
          "Deno median [min–max]",
          "Python median",
          "Python ÷ Deno",
        ],
        ["l", "l", "r", "r", "r", "r"],
        rows.map((r) => [
          `\`${r.exercise}\``,
          r.figure,
          String(r.workers),
          formatStat(r.deno),
          r.python === null ? "—" : formatSeconds(r.python.median),
          r.ratio === null ? "—" : formatRatioStat(r.ratio),
        ]),
      ),
      "",
    );
  }
  const missing = notMeasured(results);
  if (missing.length > 0) {
    out.push("Not measured:", "");
    for (const m of missing) out.push(`- \`${m.name}\` (${m.status}): ${m.note}`);
    out.push("");
  }

  const parallel = parallelExercises(results);
  if (parallel.length > 0) {
    out.push("## Speed-up with workers", "");
    out.push(
      "Serial time ÷ parallel time of the same run, at each worker count; the dashed line is " +
        `the ideal (n workers, n× as fast). This machine has ${env.hardwareConcurrency} logical ` +
        "cores: past them, added workers share the same cores.",
      "",
    );
    for (const e of parallel) {
      out.push(`### ${e.name}`, "");
      out.push(`![Speed-up of ${e.name} against worker count](${speedupFile(e.name)})`, "");
      const hasPython = e.series.some((s) => s.pythonSpeedup !== null);
      const header = ["workers", `${e.parallelFigure}`, "speed-up"];
      if (hasPython) header.push("Python", "Python speed-up");
      out.push(
        markdownTable(
          header,
          header.map((_, i) => i === 0 ? "r" : "r"),
          e.series.map((s) => {
            const f = s.figures.find((x) => x.name === e.parallelFigure);
            const row = [
              String(s.workers),
              f === undefined ? "—" : formatStat(f.deno),
              s.speedup === null ? "—" : formatRatioStat(s.speedup),
            ];
            if (hasPython) {
              row.push(
                f?.python == null ? "—" : formatStat(f.python),
                s.pythonSpeedup === null ? "—" : formatRatioStat(s.pythonSpeedup),
              );
            }
            return row;
          }),
        ),
        "",
      );
    }
  }

  const bars = ratioBars(results);
  out.push("## Deno against Python", "");
  if (bars.length === 0) {
    out.push(
      results.python === null
        ? "No Python figures: run with `--python` where python3 (with numpy and scipy) is installed."
        : "No Python figures: no exercise has a Python counterpart that ran.",
      "",
    );
  } else {
    out.push(
      "Python's time ÷ Deno's for every figure of the summary, on a log scale: bars to the right " +
        "mean Deno was faster, to the left Python; whiskers span the run pairs' min–max.",
      "",
      `![Python's time divided by Deno's, per figure](${RATIO_FILE})`,
      "",
    );
  }

  out.push("## Every figure", "");
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
        if (hasPython) {
          row.push(
            f.python === null ? "—" : formatStat(f.python),
            f.ratio === null ? "—" : formatRatioStat(f.ratio),
          );
        }
        return row;
      })
    );
    out.push(markdownTable(header, header.map((_, i) => i === 1 ? "l" : "r"), rowsOf), "");
  }
  // Paragraphs and list items wrapped as `deno fmt` would; headings, tables and images as they are.
  return out.map((block) =>
    block.startsWith("- ")
      ? wrap(block.slice(2), "- ", "  ")
      : block === "" || /^(#|\||!\[)/.test(block)
      ? block
      : wrap(block)
  ).join("\n").replace(/\n+$/, "\n");
}

/** Writes `bench.md` and its charts into `dir`; returns the paths written. */
export async function writeReport(
  results: BenchResults,
  dir: string,
  jsonPath: string | null,
): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const written: string[] = [];
  const page = `${dir.replace(/\/+$/, "")}/bench.md`;
  await Deno.writeTextFile(
    page,
    markdownReport(results, jsonPath === null ? null : relativeTo(dir, jsonPath)),
  );
  written.push(page);
  for (const [name, svg] of reportCharts(results)) {
    const path = `${dir.replace(/\/+$/, "")}/${name}`;
    await Deno.writeTextFile(path, svg);
    written.push(path);
  }
  return written;
}

/** `file` relative to directory `dir` (both relative to the working directory, or absolute). */
export function relativeTo(dir: string, file: string): string {
  const abs = (p: string) => {
    const parts = (p.startsWith("/") ? p : `${Deno.cwd()}/${p}`).split("/");
    const out: string[] = [];
    for (const part of parts) {
      if (part === "" || part === ".") continue;
      if (part === "..") out.pop();
      else out.push(part);
    }
    return out;
  };
  const from = abs(dir);
  const to = abs(file);
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...Array(from.length - common).fill(".."), ...to.slice(common)].join("/");
}
