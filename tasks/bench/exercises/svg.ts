/**
 * Hand-written SVG charts for the benchmark report: speed-up against worker count (a line chart
 * with the ideal speed-up as reference) and Deno against Python (ratio bars on a log scale).
 * Small pure functions returning standalone SVG documents; no dependencies.
 *
 * @module
 */
import { digits, formatRatio } from "./format.ts";

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** Colours: Deno blue, Python orange, faster green, slower red-orange, greys for structure. */
export const COLORS = {
  deno: "#1f6feb",
  python: "#d97706",
  faster: "#2f855a",
  slower: "#c2410c",
  ideal: "#8b949e",
  axis: "#57606a",
  grid: "#e5e7eb",
  text: "#1f2328",
  muted: "#57606a",
  background: "#ffffff",
  stripe: "#f6f8fa",
} as const;

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;").replaceAll("'", "&apos;");
}

/** A coordinate with one decimal: enough on a 96 dpi screen, short in the file. */
export function num(value: number): string {
  const text = value.toFixed(1);
  return text.endsWith(".0") ? text.slice(0, -2) : text === "-0" ? "0" : text;
}

type Attributes = Record<string, string | number | undefined>;

/** An element: `<name a="1">children</name>`, or self-closing without children. */
export function el(name: string, attributes: Attributes, ...children: string[]): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === "number" ? num(v) : escapeXml(v!)}"`)
    .join("");
  return children.length === 0
    ? `<${name}${attrs}/>`
    : `<${name}${attrs}>${children.join("")}</${name}>`;
}

/** A text element; `content` is escaped. */
function text(x: number, y: number, content: string, attributes: Attributes = {}): string {
  return el("text", { x, y, ...attributes }, escapeXml(content));
}

/** The SVG document around `body`, with a `<title>` and `<desc>` for screen readers. */
function documentOf(
  width: number,
  height: number,
  title: string,
  description: string,
  body: string[],
): string {
  return [
    // Generated, and kept as written: deno fmt would re-indent it (and `deno fmt --check` fail).
    "<!-- deno-fmt-ignore-file -->",
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title desc" ` +
    `font-family="${FONT}" font-size="13" fill="${COLORS.text}">`,
    el("title", { id: "title" }, escapeXml(title)),
    el("desc", { id: "desc" }, escapeXml(description)),
    el("rect", { x: 0, y: 0, width, height, fill: COLORS.background }),
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

/** A "nice" step (1, 2 or 5 × 10^k) giving about `count` intervals over `span`. */
export function niceStep(span: number, count = 5): number {
  if (!(span > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  return step;
}

/** A linear map of `[d0, d1]` onto `[r0, r1]`. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + (v - d0) / span * (r1 - r0);
}

// ——— speed-up line chart ———

/** One point of a speed-up line: median with min–max. */
export interface SpeedupPoint {
  readonly workers: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** What the speed-up chart shows. */
export interface SpeedupChart {
  /** The exercise's name. */
  readonly name: string;
  /** A line under the title (the exercise's title, the figures divided). */
  readonly subtitle: string;
  readonly deno: readonly SpeedupPoint[];
  /** The Python counterpart's speed-ups, when it ran. */
  readonly python?: readonly SpeedupPoint[];
  /** Cores of the machine, marked with a vertical line when within the chart. */
  readonly cores?: number;
}

/** Size of the speed-up chart and of its plotting area. */
export const SPEEDUP_LAYOUT = {
  width: 640,
  height: 400,
  left: 64,
  right: 584,
  top: 72,
  bottom: 340,
} as const;

/** Where the speed-up chart puts a worker count (x) and a speed-up (y). */
export interface SpeedupGeometry {
  readonly xMax: number;
  readonly yMax: number;
  readonly yStep: number;
  x(workers: number): number;
  y(speedup: number): number;
}

/** The scales of the speed-up chart: x from 0 to the largest count, y from 0 to a nice top. */
export function speedupGeometry(chart: SpeedupChart): SpeedupGeometry {
  const L = SPEEDUP_LAYOUT;
  const points = [...chart.deno, ...(chart.python ?? [])];
  const xMax = Math.max(1, ...points.map((p) => p.workers));
  const top = Math.max(xMax, ...points.map((p) => p.max).filter(Number.isFinite));
  const yStep = niceStep(top, 5);
  const yMax = Math.ceil(top * 1.05 / yStep) * yStep;
  return {
    xMax,
    yMax,
    yStep,
    x: linear(0, xMax, L.left, L.right),
    y: linear(0, yMax, L.bottom, L.top),
  };
}

/** Integer ticks of the x axis: every count up to 16, else the measured counts. */
function workerTicks(chart: SpeedupChart, xMax: number): number[] {
  if (xMax <= 16) return Array.from({ length: xMax }, (_, i) => i + 1);
  return [...new Set([...chart.deno, ...(chart.python ?? [])].map((p) => p.workers))];
}

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

// ——— Deno vs Python ratio bars ———

/** One bar: Python's time over Deno's for one figure. */
export interface RatioBar {
  readonly exercise: string;
  readonly figure: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Size of the ratio chart; its height grows with the bars. */
export const RATIO_LAYOUT = {
  width: 780,
  labelWidth: 250,
  left: 262,
  right: 680,
  top: 84,
  rowHeight: 28,
  bottomMargin: 52,
} as const;

/** Where the ratio chart puts a ratio (x, log₂ scale around 1×) and a row (y of its centre). */
export interface RatioGeometry {
  /** Powers of two each side of 1× on the axis. */
  readonly span: number;
  readonly height: number;
  readonly bottom: number;
  x(ratio: number): number;
  rowY(index: number): number;
}

/** The ratio chart's scales: log₂, symmetric about 1×, wide enough for every whisker. */
export function ratioGeometry(bars: readonly RatioBar[]): RatioGeometry {
  const L = RATIO_LAYOUT;
  const logs = bars.flatMap((b) => [b.min, b.max, b.median])
    .filter((r) => r > 0 && Number.isFinite(r))
    .map((r) => Math.abs(Math.log2(r)));
  const span = Math.max(1, Math.ceil(Math.max(0, ...logs) - 1e-9));
  const bottom = L.top + Math.max(1, bars.length) * L.rowHeight;
  const centre = (L.left + L.right) / 2;
  const half = (L.right - L.left) / 2;
  return {
    span,
    height: bottom + L.bottomMargin,
    bottom,
    x: (ratio) =>
      centre + Math.max(-span, Math.min(span, Math.log2(Math.max(ratio, 1e-300)))) / span * half,
    rowY: (index) => L.top + (index + 0.5) * L.rowHeight,
  };
}

/** A power of two as an axis label: 1/4×, 1/2×, 1×, 2×, 4×. */
export function powerLabel(power: number): string {
  return power >= 0 ? `${2 ** power}×` : `1/${2 ** -power}×`;
}

/** The Deno-vs-Python chart: one bar per figure, from 1× to Python's time over Deno's. */
export function ratioSvg(bars: readonly RatioBar[], subtitle: string): string {
  const L = RATIO_LAYOUT;
  const g = ratioGeometry(bars);
  const body: string[] = [];
  const title = "Deno against Python: Python's time ÷ Deno's";
  body.push(text(16, 28, title, { "font-size": 17, "font-weight": 600 }));
  body.push(text(16, 48, subtitle, { "font-size": 12, fill: COLORS.muted }));
  body.push(text(g.x(1) - 10, L.top - 10, "← Python faster", {
    "text-anchor": "end",
    "font-size": 12,
    fill: COLORS.slower,
  }));
  body.push(text(g.x(1) + 10, L.top - 10, "Deno faster →", {
    "font-size": 12,
    fill: COLORS.faster,
  }));

  // Stripes group the figures of one exercise.
  let stripe = false;
  bars.forEach((b, i) => {
    if (i === 0 || bars[i - 1]!.exercise !== b.exercise) stripe = !stripe;
    if (stripe) {
      body.push(el("rect", {
        x: 8,
        y: g.rowY(i) - L.rowHeight / 2,
        width: L.width - 16,
        height: L.rowHeight,
        fill: COLORS.stripe,
      }));
    }
  });
  // A grid line at every power of two; labels at every `every`-th, at least 44 px apart.
  const every = Math.ceil(44 / ((L.right - L.left) / 2 / g.span));
  for (let p = -g.span; p <= g.span; p++) {
    const x = g.x(2 ** p);
    body.push(el("line", {
      x1: x,
      y1: L.top,
      x2: x,
      y2: g.bottom,
      stroke: p === 0 ? COLORS.axis : COLORS.grid,
      "stroke-width": p === 0 ? 1.5 : 1,
    }));
    if (p % every !== 0) continue;
    body.push(text(x, g.bottom + 18, powerLabel(p), {
      "text-anchor": "middle",
      "font-size": 12,
      fill: COLORS.muted,
    }));
  }
  body.push(text((L.left + L.right) / 2, g.bottom + 40, "Python's time ÷ Deno's (log scale)", {
    "text-anchor": "middle",
    fill: COLORS.muted,
  }));

  bars.forEach((b, i) => {
    const y = g.rowY(i);
    const x0 = g.x(1);
    const x1 = g.x(b.median);
    // Within 2% of 1×: about even, in grey rather than a colour that claims a winner.
    const color = Math.abs(Math.log(b.median)) < Math.log(1.02)
      ? COLORS.axis
      : b.median >= 1
      ? COLORS.faster
      : COLORS.slower;
    body.push(text(L.labelWidth, y + 4, `${b.exercise} · ${b.figure}`, { "text-anchor": "end" }));
    body.push(el(
      "rect",
      {
        class: "bar",
        x: Math.min(x0, x1),
        y: y - 8,
        width: Math.max(1, Math.abs(x1 - x0)),
        height: 16,
        rx: 2,
        fill: color,
      },
      el(
        "title",
        {},
        escapeXml(
          `${b.exercise} ${b.figure}: ${formatRatio(b.median)} [${digits(b.min)}–${digits(b.max)}]`,
        ),
      ),
    ));
    if (b.max > b.min) {
      const lo = g.x(b.min);
      const hi = g.x(b.max);
      body.push(el("path", {
        class: "range",
        d: `M${num(lo)},${num(y - 5)}V${num(y + 5)}M${num(lo)},${num(y)}H${num(hi)}M${num(hi)},${
          num(y - 5)
        }V${num(y + 5)}`,
        stroke: COLORS.text,
        "stroke-width": 1.2,
        fill: "none",
      }));
    }
    // Values in a column right of the plot, where no bar or whisker reaches.
    body.push(text(L.right + 12, y + 4, formatRatio(b.median), {
      class: "value",
      "font-size": 12,
      "font-weight": 600,
      fill: color,
    }));
  });
  if (bars.length === 0) {
    body.push(text(g.x(1), g.rowY(0) + 4, "no Python figures", {
      "text-anchor": "middle",
      fill: COLORS.muted,
    }));
  }
  const description = bars.map((b) => `${b.exercise} ${b.figure} ${formatRatio(b.median)}`)
    .join(", ");
  return documentOf(L.width, g.height, title, description || "no Python figures", body);
}
