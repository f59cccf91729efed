/**
 * The benchmark report as one self-contained HTML page (`deno task bench --html`): the SVG
 * charts of `charts.ts` inlined, the environment in one line and the summary table. Nothing is
 * loaded from elsewhere, so a headless browser can take a screenshot of it from a file
 * (`../screenshot.ts`).
 *
 * @module
 */
import { parallelExercises, RATIO_FILE, reportCharts, speedupFile } from "./charts.ts";
import { COLORS } from "./style.ts";
import { formatDuration } from "./format.ts";
import { relativeTo } from "./report.ts";
import { commandLine, environmentLine, type ReportTable, summaryTable } from "./sections.ts";
import { notMeasured } from "./summary.ts";
import type { BenchResults } from "../suites/exercises/types.ts";

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** Markdown inline text of the report (`code spans` only) as HTML: escaped, code in `<code>`. */
export function inlineHtml(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

/** A report table as an HTML table of class `className`. */
export function htmlTable(table: ReportTable, className: string): string {
  const cls = (i: number) => table.align[i] === "r" ? "r" : "l";
  // A header may wrap, but not inside its brackets: "Deno median" over "[min–max]".
  const head = table.header.map((h, i) =>
    `<th class="${cls(i)}">${
      inlineHtml(h).replace(/\[[^\]]*\]/g, (m) => `<span class="nowrap">${m}</span>`)
    }</th>`
  ).join("");
  const body = table.rows.map((row) =>
    `<tr>${row.map((c, i) => `<td class="${cls(i)}">${inlineHtml(c)}</td>`).join("")}</tr>`
  );
  return [
    `<table class="${className}">`,
    `<thead><tr>${head}</tr></thead>`,
    "<tbody>",
    ...body,
    "</tbody>",
    "</table>",
  ].join("\n");
}

/**
 * The width the page is laid out for, in CSS pixels: two columns of charts and two halves of the
 * summary table side by side. The screenshot is taken at this width.
 */
export const PAGE_WIDTH = 1600;

const STYLE = `
* { box-sizing: border-box; }
html { background: ${COLORS.stripe}; }
body {
  margin: 0; padding: 28px 32px 32px; color: ${COLORS.text};
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
}
h1 { font-size: 28px; margin: 0 0 8px; }
h2 { font-size: 21px; margin: 28px 0 6px; }
p { margin: 4px 0 14px; }
.env { font-size: 16px; font-weight: 600; margin-bottom: 6px; }
.muted { color: ${COLORS.muted}; }
code { font: 0.92em ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
.charts {
  display: grid; gap: 20px; align-items: start; grid-auto-flow: dense;
  grid-template-columns: repeat(auto-fill, minmax(642px, 1fr));
}
.charts .tall { grid-row: span 2; }
figure, .card {
  margin: 0; background: #fff; border: 1px solid #d0d7de; border-radius: 8px;
  overflow: hidden;
}
figure svg { display: block; width: 100%; height: auto; }
.tables { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
.tables .card { flex: 1 1 700px; max-width: 1000px; }
table { width: 100%; border-collapse: collapse; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; border-bottom: 1px solid ${COLORS.grid}; white-space: nowrap; }
th { background: ${COLORS.stripe}; font-weight: 600; white-space: normal; vertical-align: bottom; }
tbody tr:last-child td { border-bottom: none; }
.nowrap { white-space: nowrap; }
.l { text-align: left; }
.r { text-align: right; }
ul { margin: 4px 0 14px; padding-left: 22px; }
footer { margin-top: 20px; font-size: 13px; }
`.trim();

/**
 * The rows cut in two where the first cell (the exercise) changes nearest the middle, so each
 * half lists whole exercises; in the middle when no change is near it. Short tables stay whole.
 */
export function splitRows<T extends readonly string[]>(rows: readonly T[], least = 16): T[][] {
  const n = rows.length;
  if (n < least) return [rows.slice()];
  let cut = -1;
  for (let i = 1; i < n; i++) {
    if (rows[i]![0] === rows[i - 1]![0]) continue;
    if (cut < 0 || Math.abs(i - n / 2) < Math.abs(cut - n / 2)) cut = i;
  }
  if (cut < 0 || Math.abs(cut - n / 2) > n / 6) cut = Math.ceil(n / 2);
  return [rows.slice(0, cut), rows.slice(cut)];
}

/**
 * The page: the same charts as the Markdown report, inlined, then the summary table. `jsonLink`
 * is the results file relative to the page, when there is one.
 */
export async function htmlReport(
  results: BenchResults,
  jsonLink: string | null = null,
): Promise<string> {
  const p = results.parameters;
  const charts = await reportCharts(results);
  const out: string[] = [];
  out.push(
    // Generated: deno fmt would re-indent the inlined charts (and `deno fmt --check` fail).
    "<!-- deno-fmt-ignore-file -->",
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>multiproc: benchmarks of the exercises</title>",
    `<style>\n${STYLE}\n</style>`,
    "</head>",
    "<body>",
    "<header>",
    "<h1>multiproc: benchmarks of the exercises</h1>",
    `<p class="env">${inlineHtml(environmentLine(results))}</p>`,
    `<p class="muted">${
      inlineHtml(
        `Every example of \`tools/exercises.ts\` as a benchmark: median [min–max] of ${p.runs} ` +
          `measured run${p.runs === 1 ? "" : "s"} after ${p.warmup} warm-up ` +
          `run${p.warmup === 1 ? "" : "s"}, by \`${commandLine(results)}\` in ` +
          `${formatDuration(results.seconds)}.`,
      )
    }${
      jsonLink === null
        ? ""
        : ` Results: <a href="${escapeHtml(jsonLink)}"><code>${escapeHtml(jsonLink)}</code></a>.`
    }</p>`,
    "</header>",
  );

  const ratio = charts.get(RATIO_FILE);
  const parallel = parallelExercises(results);
  const explain: string[] = [];
  if (ratio !== undefined) {
    explain.push(
      "**Python ÷ Deno**, run pair by run pair on a log scale: bars to the right mean Deno was " +
        "faster, to the left Python; whiskers span the pairs' min–max.",
    );
  } else {
    explain.push(
      results.python === null
        ? "No Python figures: run with `--python` where python3 (with numpy and scipy) is installed."
        : "No Python figures: no exercise has a Python counterpart that ran.",
    );
  }
  if (parallel.length > 0) {
    explain.push(
      "**Speed-up** with workers: serial time ÷ parallel time of the same run at each worker " +
        "count; the dashed line is the ideal (n workers, n× as fast). The machine has " +
        `${results.environment.hardwareConcurrency} logical cores: past them, added workers ` +
        "share the same cores.",
    );
  }
  out.push('<section id="charts">', "<h2>Charts</h2>");
  out.push(`<p>${inlineHtml(explain.join(" ")).replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>")}</p>`);
  if (ratio !== undefined || parallel.length > 0) {
    out.push('<div class="charts">');
    if (ratio !== undefined) {
      out.push(
        '<figure class="tall" id="bench-python">',
        ratio.trimEnd(),
        "</figure>",
      );
    }
    for (const e of parallel) {
      const id = speedupFile(e.name).replace(/\.svg$/, "");
      const svg = charts.get(speedupFile(e.name));
      if (svg !== undefined) {
        out.push(`<figure id="${escapeHtml(id)}">`, svg.trimEnd(), "</figure>");
      }
    }
    out.push("</div>");
  }
  out.push("</section>");

  const summary = summaryTable(results);
  out.push(
    '<section id="summary">',
    "<h2>Summary</h2>",
    `<p>${
      inlineHtml(
        `Every figure at ${p.workers} workers (or the largest count that ran), median ` +
          "[min–max] of the runs; Python ÷ Deno above 1× means Deno was faster.",
      )
    }</p>`,
  );
  if (summary.rows.length === 0) out.push("<p>No exercise ran.</p>");
  else {
    out.push('<div class="tables">');
    for (const rows of splitRows(summary.rows)) {
      out.push('<div class="card">', htmlTable({ ...summary, rows }, "summary"), "</div>");
    }
    out.push("</div>");
  }
  const missing = notMeasured(results);
  if (missing.length > 0) {
    out.push("<p>Not measured:</p>", "<ul>");
    for (const m of missing) {
      out.push(`<li>${inlineHtml(`\`${m.name}\` (${m.status}): ${m.note}`)}</li>`);
    }
    out.push("</ul>");
  }
  out.push("</section>");

  out.push(
    `<footer class="muted">${
      inlineHtml(
        "Drawn by `bench/report/html.ts` with the Vega-Lite charts of the Markdown report " +
          "(`deno task bench --report`), which also lists every figure at every worker count.",
      )
    }</footer>`,
    "</body>",
    "</html>",
    "",
  );
  return out.join("\n");
}

/** Writes the page to `path` (creating its directory); `jsonPath` is linked from it. */
export async function writeHtml(
  results: BenchResults,
  path: string,
  jsonPath: string | null,
): Promise<void> {
  const dir = path.includes("/") ? path.replace(/\/[^/]*$/, "") || "/" : ".";
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    path,
    await htmlReport(results, jsonPath === null ? null : relativeTo(dir, jsonPath)),
  );
}
