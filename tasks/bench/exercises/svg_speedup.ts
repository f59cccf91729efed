/**
 * The speed-up chart of the benchmark report: speed-up against worker count, one line per
 * runtime with min–max whiskers, the ideal speed-up as reference. A standalone SVG document.
 *
 * @module
 */
import { formatRatio } from "./format.ts";
import { COLORS, documentOf, el, escapeXml, num, text } from "./_svg_parts.ts";
import {
  SPEEDUP_LAYOUT,
  type SpeedupChart,
  type SpeedupGeometry,
  speedupGeometry,
  type SpeedupPoint,
  workerTicks,
} from "./svg_speedup_geometry.ts";

function series(
  g: SpeedupGeometry,
  points: readonly SpeedupPoint[],
  color: string,
  cls: string,
  labelAbove: (p: SpeedupPoint) => boolean,
): string[] {
  const sorted = [...points].sort((a, b) => a.workers - b.workers);
  const out: string[] = [];
  if (sorted.length > 1) {
    out.push(el("polyline", {
      class: `${cls}-line`,
      points: sorted.map((p) => `${num(g.x(p.workers))},${num(g.y(p.median))}`).join(" "),
      fill: "none",
      stroke: color,
      "stroke-width": 2.5,
      "stroke-linejoin": "round",
    }));
  }
  for (const p of sorted) {
    const x = g.x(p.workers);
    if (p.max > p.min) {
      out.push(el("path", {
        class: `${cls}-range`,
        d: `M${num(x - 4)},${num(g.y(p.min))}H${num(x + 4)}M${num(x)},${num(g.y(p.min))}V${
          num(g.y(p.max))
        }M${num(x - 4)},${num(g.y(p.max))}H${num(x + 4)}`,
        stroke: color,
        "stroke-width": 1.5,
        fill: "none",
      }));
    }
    out.push(
      el(
        "circle",
        {
          class: cls,
          cx: x,
          cy: g.y(p.median),
          r: 4.5,
          fill: COLORS.background,
          stroke: color,
          "stroke-width": 2.5,
        },
        el("title", {}, escapeXml(`${p.workers} workers: ${formatRatio(p.median)}`)),
      ),
    );
    out.push(text(x + 8, g.y(p.median) + (labelAbove(p) ? -8 : 16), formatRatio(p.median), {
      fill: color,
      "font-size": 12,
      "font-weight": 600,
    }));
  }
  return out;
}

/** The speed-up chart: one line per runtime, min–max whiskers, the ideal `y = workers` dashed. */
export function speedupSvg(chart: SpeedupChart): string {
  const L = SPEEDUP_LAYOUT;
  const g = speedupGeometry(chart);
  const body: string[] = [];
  body.push(text(L.left, 28, `Speed-up of ${chart.name} against worker count`, {
    "font-size": 17,
    "font-weight": 600,
  }));
  body.push(text(L.left, 48, chart.subtitle, { "font-size": 12, fill: COLORS.muted }));

  // Grid and y ticks.
  for (let v = 0; v <= g.yMax + 1e-9; v += g.yStep) {
    const y = g.y(v);
    body.push(el("line", { x1: L.left, y1: y, x2: L.right, y2: y, stroke: COLORS.grid }));
    body.push(text(L.left - 8, y + 4, `${Number(v.toFixed(3))}×`, {
      "text-anchor": "end",
      "font-size": 12,
      fill: COLORS.muted,
    }));
  }
  for (const w of workerTicks(chart, g.xMax)) {
    const x = g.x(w);
    body.push(el("line", { x1: x, y1: L.bottom, x2: x, y2: L.bottom + 5, stroke: COLORS.axis }));
    body.push(text(x, L.bottom + 20, String(w), {
      "text-anchor": "middle",
      "font-size": 12,
      fill: COLORS.muted,
    }));
  }
  body.push(el("path", {
    class: "axes",
    d: `M${L.left},${L.top}V${L.bottom}H${L.right}`,
    stroke: COLORS.axis,
    "stroke-width": 1.5,
    fill: "none",
  }));
  body.push(text((L.left + L.right) / 2, L.bottom + 44, "workers", {
    "text-anchor": "middle",
    fill: COLORS.muted,
  }));
  body.push(text(18, (L.top + L.bottom) / 2, "speed-up (median, min–max)", {
    "text-anchor": "middle",
    transform: `rotate(-90 18 ${num((L.top + L.bottom) / 2)})`,
    fill: COLORS.muted,
  }));

  // Cores of the machine: past them, more workers only share the same cores.
  if (chart.cores !== undefined && chart.cores >= 1 && chart.cores < g.xMax) {
    const x = g.x(chart.cores);
    body.push(el("line", {
      class: "cores",
      x1: x,
      y1: L.top,
      x2: x,
      y2: L.bottom,
      stroke: COLORS.ideal,
      "stroke-dasharray": "2 4",
    }));
    body.push(text(x + 4, L.top + 12, `${chart.cores} cores`, {
      "font-size": 11,
      fill: COLORS.muted,
    }));
  }

  // Ideal speed-up: n workers, n times as fast.
  body.push(el("line", {
    class: "ideal",
    x1: g.x(1),
    y1: g.y(1),
    x2: g.x(g.xMax),
    y2: g.y(g.xMax),
    stroke: COLORS.ideal,
    "stroke-width": 1.5,
    "stroke-dasharray": "6 5",
  }));

  // Of two points at one worker count, the higher is labelled above and the lower below.
  const other = (points: readonly SpeedupPoint[] | undefined) => (p: SpeedupPoint) => {
    const q = points?.find((o) => o.workers === p.workers);
    return q === undefined || p.median >= q.median;
  };
  if (chart.python !== undefined && chart.python.length > 0) {
    body.push(...series(g, chart.python, COLORS.python, "python", other(chart.deno)));
  }
  body.push(...series(g, chart.deno, COLORS.deno, "deno", other(chart.python)));

  // Legend, top left inside the plot.
  const entries: [string, string, string | undefined][] = [["Deno", COLORS.deno, undefined]];
  if (chart.python !== undefined && chart.python.length > 0) {
    entries.push(["Python", COLORS.python, undefined]);
  }
  entries.push(["ideal (n workers, n×)", COLORS.ideal, "6 5"]);
  entries.forEach(([label, color, dash], i) => {
    const y = L.top + 14 + i * 20;
    body.push(el("line", {
      x1: L.left + 14,
      y1: y,
      x2: L.left + 40,
      y2: y,
      stroke: color,
      "stroke-width": dash === undefined ? 2.5 : 1.5,
      "stroke-dasharray": dash,
    }));
    body.push(text(L.left + 48, y + 4, label, { "font-size": 12 }));
  });

  const describe = (points: readonly SpeedupPoint[]) =>
    points.map((p) => `${p.workers} workers ${formatRatio(p.median)}`).join(", ");
  const description = `Deno: ${describe(chart.deno)}` +
    (chart.python !== undefined && chart.python.length > 0
      ? `. Python: ${describe(chart.python)}`
      : "") +
    ". Ideal: n workers, n× as fast.";
  return documentOf(
    L.width,
    L.height,
    `Speed-up of ${chart.name} against worker count`,
    description,
    body,
  );
}
