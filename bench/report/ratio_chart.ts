/**
 * The Deno-against-Python chart as a Vega-Lite spec: a bar per figure of the summary from 1× to
 * Python's time ÷ Deno's on a log₂ scale, whiskers min–max, the value beside each row.
 *
 * @module
 */
import type { TopLevelSpec } from "npm:vega-lite@6.4.1";
import type { BenchResults } from "../suites/exercises/types.ts";
import { COLORS, formatRatio } from "./format.ts";
import { summaryRows } from "./summary.ts";

/** One bar of the ratio chart: Python's time over Deno's for one figure. */
export interface RatioBar {
  readonly label: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly value: string;
  readonly winner: "Deno faster" | "Python faster" | "about even";
}

/** Within 2% of 1× is about even, in grey rather than a colour that claims a winner. */
function winnerOf(ratio: number): RatioBar["winner"] {
  if (Math.abs(Math.log(ratio)) < Math.log(1.02)) return "about even";
  return ratio >= 1 ? "Deno faster" : "Python faster";
}

/** The ratio bars: every summary row with a Python figure. */
export function ratioBars(results: BenchResults): RatioBar[] {
  return summaryRows(results).flatMap(({ exercise, figure, ratio }) =>
    ratio === null ? [] : [{
      label: `${exercise} · ${figure}`,
      median: ratio.median,
      min: ratio.min,
      max: ratio.max,
      value: formatRatio(ratio.median),
      winner: winnerOf(ratio.median),
    }]
  );
}

/** Powers of two each side of 1× that hold every whisker. */
function log2Span(bars: readonly RatioBar[]): number {
  const logs = bars.flatMap((b) => [b.min, b.max]).filter((r) => r > 0)
    .map((r) => Math.abs(Math.log2(r)));
  return Math.max(1, Math.ceil(Math.max(0, ...logs) - 1e-9));
}

/** Powers of two from 2^-span to 2^span, every one or fewer so that labels stay apart. */
function powerTicks(span: number): number[] {
  const every = Math.ceil(span / 4);
  const powers = Array.from({ length: 2 * span + 1 }, (_, i) => i - span);
  return powers.filter((p) => p % every === 0).map((p) => 2 ** p);
}

/** The chart's spec; its marks are named `bars`, `whiskers` and `values`. */
export function ratioSpec(results: BenchResults, bars: readonly RatioBar[]): TopLevelSpec {
  const env = results.environment;
  const subtitle = `median of ${results.parameters.runs} Deno/Python run pairs, whiskers ` +
    `min–max · Python ${results.python?.version ?? "?"} · ${env.cpuModel ?? "unknown CPU"}, ` +
    `${env.hardwareConcurrency} cores`;
  const span = log2Span(bars);
  const x = {
    field: "median",
    type: "quantitative",
    title: "Python's time ÷ Deno's (log scale): ← Python faster · Deno faster →",
    scale: { type: "log", base: 2, domain: [2 ** -span, 2 ** span] },
    axis: {
      values: powerTicks(span),
      labelExpr: "datum.value >= 1 ? datum.value + '×' : '1/' + round(1 / datum.value) + '×'",
    },
  } as const;
  const y = { field: "label", type: "nominal", sort: null, title: null } as const;
  const color = {
    field: "winner",
    type: "nominal",
    title: null,
    scale: {
      domain: ["Deno faster", "Python faster", "about even"],
      range: [COLORS.faster, COLORS.slower, COLORS.even],
    },
    legend: { orient: "top" },
  } as const;
  const tooltip = [{ field: "label" }, { field: "value" }];
  return {
    title: { text: "Deno against Python: Python's time ÷ Deno's", subtitle },
    width: 420,
    height: { step: 28 },
    data: { values: bars.map((b) => ({ ...b })) },
    layer: [
      {
        name: "bars",
        mark: { type: "bar", height: 16, cornerRadius: 2 },
        encoding: { y, x, x2: { datum: 1 }, color, tooltip },
      },
      {
        name: "whiskers",
        mark: { type: "rule", color: COLORS.text },
        encoding: { y, x: { ...x, field: "min" }, x2: { field: "max" } },
      },
      {
        name: "values",
        mark: { type: "text", align: "left", dx: 8, fontWeight: 600 },
        encoding: { y, x: { datum: 2 ** span }, text: { field: "value" }, color },
      },
      { mark: { type: "rule", color: COLORS.even }, encoding: { x: { datum: 1 } } },
    ],
  } as TopLevelSpec;
}
