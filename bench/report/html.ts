/**
 * The report as one self-contained HTML page (`deno task bench --html`): the charts inlined, the
 * environment in one line and the summary table; nothing is loaded from elsewhere.
 * @module
 */
import { dirname, relative } from "node:path";
import type { BenchResults } from "../suites/exercises/types.ts";
import { RATIO_FILE, reportCharts } from "./charts.ts";
import { COLORS, FONT, formatDuration } from "./format.ts";
import { commandLine, noPythonFigures, optionsLine, parametersLine, runsLine } from "./report.ts";
import { notMeasured, type ReportTable, slowerInParallel, summaryTable } from "./summary.ts";

/** A titled list of Markdown inline lines, or nothing without lines. */
function listOf(title: string, lines: readonly string[]): string {
  if (lines.length === 0) return "";
  return `<p>${title}</p>\n<ul>\n${
    lines.map((l) => `<li>${inlineHtml(l)}</li>\n`).join("")
  }</ul>\n`;
}

/** Escapes text for HTML content and attribute values. */
function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** Markdown inline text of the report (`code spans`, **bold**) as HTML. */
function inlineHtml(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>");
}

/** The environment in one line, as the page heads its charts. */
function environmentLine({ environment: env, parameters: p, python }: BenchResults): string {
  return `Deno ${env.deno} · ${env.os} ${env.arch} · ${env.cpuModel ?? "unknown CPU"}, ` +
    `${env.hardwareConcurrency} logical cores · ` +
    `${python === null ? "no Python" : `Python ${python.version}`} · ${parametersLine(p)}` +
    `${optionsLine(p)} · commit \`${env.gitCommit ?? "unknown"}\` · ${env.date.slice(0, 10)}`;
}

/**
 * The summary as HTML tables: two when it is long, cut where the exercise changes nearest the
 * middle so each lists whole exercises (in the middle when no change is near it).
 */
function summaryTables({ header, align, rows }: ReportTable): string {
  const n = rows.length;
  const changes = rows.flatMap((row, i) => i > 0 && row[0] !== rows[i - 1]![0] ? [i] : []);
  const nearest = changes.sort((a, b) => Math.abs(a - n / 2) - Math.abs(b - n / 2))[0] ?? -n;
  const cut = Math.abs(nearest - n / 2) > n / 6 ? Math.ceil(n / 2) : nearest;
  const cell = (tag: string, i: number, html: string) =>
    `<${tag} class="${align[i] === "r" ? "r" : "l"}">${html}</${tag}>`;
  // A header does not wrap inside its brackets.
  const head = header.map((h, i) =>
    cell("th", i, inlineHtml(h).replace(/\[[^\]]*\]/g, (m) => `<span class="nowrap">${m}</span>`))
  );
  const body = (half: string[][]) =>
    half.map((row) => `<tr>${row.map((c, i) => cell("td", i, inlineHtml(c))).join("")}</tr>\n`);
  return (n < 16 ? [rows] : [rows.slice(0, cut), rows.slice(cut)]).map((half) =>
    `<div class="card"><table class="summary">
<thead><tr>${head.join("")}</tr></thead>
<tbody>
${body(half).join("")}</tbody>
</table></div>`
  ).join("\n");
}

/** The page; `jsonLink` is the results file relative to the page, when there is one. */
export async function htmlReport(
  results: BenchResults,
  jsonLink: string | null = null,
): Promise<string> {
  const charts = await reportCharts(results);
  const ratio = charts.has(RATIO_FILE);
  // The Python chart first, then the speed-up charts, each in a figure named after its file.
  const figures = [...charts].map(([file, svg]) =>
    `<figure${file === RATIO_FILE ? ' class="tall"' : ""} id="${file.replace(/\.svg$/, "")}">` +
    `${svg}</figure>\n`
  );
  const link = jsonLink === null
    ? ""
    : ` Results: <a href="${escapeHtml(jsonLink)}"><code>${escapeHtml(jsonLink)}</code></a>.`;
  const python = ratio
    ? "**Python ÷ Deno**, run pair by run pair on a log scale: bars to the right mean Deno was " +
      "faster, to the left Python; whiskers span the pairs' min–max."
    : noPythonFigures(results);
  const speedup = " **Speed-up** with workers: serial time ÷ parallel time of the same run at " +
    "each worker count; the dashed line is the ideal (n workers, n× as fast). The machine has " +
    `${results.environment.hardwareConcurrency} logical cores: past them, added workers share ` +
    "the same cores.";
  const summary = summaryTable(results);
  const tables = summary.rows.length === 0
    ? "<p>No exercise ran.</p>"
    : `<div class="tables">\n${summaryTables(summary)}\n</div>`;
  const notes = listOf("Slower in parallel than serial, and why:", slowerInParallel(results)) +
    listOf("Not measured:", notMeasured(results));
  const intro = "Every example of `tools/exercises.ts` as a benchmark: median [min–max] of " +
    `${runsLine(results.parameters)}, by \`${commandLine(results)}\` in ` +
    `${formatDuration(results.seconds)}.`;
  const summaryNote =
    `Every figure at ${results.parameters.workers} workers (or the largest count ` +
    "that ran), median [min–max] of the runs; Python ÷ Deno above 1× means Deno was faster.";
  const footer = "Drawn by `bench/report/html.ts` with the Vega-Lite charts of the Markdown " +
    "report (`deno task bench --report`), which also lists every figure at every worker count.";
  // Generated: deno fmt would re-indent the inlined charts (and `deno fmt --check` fail).
  return `<!-- deno-fmt-ignore-file -->
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>multiproc: benchmarks of the exercises</title>
<style>
* { box-sizing: border-box; }
html { background: ${COLORS.stripe}; }
body { margin: 0; padding: 28px 32px 32px; color: ${COLORS.text}; font: 15px/1.45 ${FONT}; }
h1 { font-size: 28px; margin: 0 0 8px; }
h2 { font-size: 21px; margin: 28px 0 6px; }
.env { font-size: 16px; font-weight: 600; margin-bottom: 6px; }
.muted { color: ${COLORS.muted}; }
code { font: 0.92em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.charts { display: grid; gap: 20px; align-items: start; grid-auto-flow: dense;
  grid-template-columns: repeat(auto-fill, minmax(642px, 1fr)); }
.charts .tall { grid-row: span 2; }
figure, .card { margin: 0; background: #fff; border: 1px solid #d0d7de; border-radius: 8px;
  overflow: hidden; }
figure svg { display: block; width: 100%; height: auto; }
.tables { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
.tables .card { flex: 1 1 700px; max-width: 1000px; }
table { width: 100%; border-collapse: collapse; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; border-bottom: 1px solid ${COLORS.grid}; white-space: nowrap; }
th { background: ${COLORS.stripe}; font-weight: 600; white-space: normal; vertical-align: bottom; }
.nowrap { white-space: nowrap; }
.l { text-align: left; }
.r { text-align: right; }
footer { margin-top: 20px; font-size: 13px; }
</style>
</head>
<body>
<header>
<h1>multiproc: benchmarks of the exercises</h1>
<p class="env">${inlineHtml(environmentLine(results))}</p>
<p class="muted">${inlineHtml(intro)}${link}</p>
</header>
<section id="charts">
<h2>Charts</h2>
<p>${inlineHtml(python + (charts.size > (ratio ? 1 : 0) ? speedup : ""))}</p>
${figures.length === 0 ? "" : `<div class="charts">\n${figures.join("")}</div>\n`}</section>
<section id="summary">
<h2>Summary</h2>
<p>${inlineHtml(summaryNote)}</p>
${tables}
${notes}</section>
<footer class="muted">${inlineHtml(footer)}</footer>
</body>
</html>
`;
}

/** Writes the page to `path` (making its directory); `jsonPath` is linked from it. */
export async function writeHtml(
  results: BenchResults,
  path: string,
  jsonPath: string | null,
): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const link = jsonPath === null ? null : relative(dirname(path), jsonPath);
  await Deno.writeTextFile(path, await htmlReport(results, link));
}
