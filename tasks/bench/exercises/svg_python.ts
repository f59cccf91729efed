/**
 * The Deno-against-Python chart of the benchmark report: one bar per figure, Python's time over
 * Deno's on a log₂ scale around 1×. A standalone SVG document.
 *
 * @module
 */
import { digits, formatRatio } from "./format.ts";
import { COLORS, documentOf, el, escapeXml, num, text } from "./_svg_parts.ts";

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
