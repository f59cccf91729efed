/**
 * Figures of a benchmark and how they are printed: median, [min–max], target with PASS/MISS,
 * and the ratio against each figure of the same run it is compared with (a baseline, a floor,
 * a ceiling, Python).
 *
 * @module
 */
import type { Summary } from "./stats.ts";

/** An integer with thousands separators: 200,000. */
export function formatInt(n: number): string {
  return n.toLocaleString("en-US");
}

/** Units the figures are measured in. */
export type Unit = "tasks/s" | "increments/s" | "messages/s" | "GB/s" | "s" | "ms" | "µs";

/** A target a figure should meet; informational only. */
export interface Target {
  /** `"min"`: the median should be at least `value`; `"max"`: at most `value`. */
  readonly kind: "min" | "max";
  readonly value: number;
  /** Where the value comes from, when it is not a fixed number (e.g. "Python, this run"). */
  readonly source?: string;
}

/** How a figure compares with another one of the same run. */
export interface Comparison {
  /** Short name printed after the ratio ("python", "ceiling", "floor"). */
  readonly name: string;
  /** `id` of the figure compared with. */
  readonly against: string;
  /** Speed-up over that figure from the medians, so above 1 is better. */
  readonly ratio: number;
}

/** One measured figure. */
export interface Figure {
  readonly id: string;
  readonly label: string;
  readonly unit: Unit;
  readonly summary: Summary;
  readonly target: Target | null;
  /** Whether the median meets `target`; null without a target. */
  readonly pass: boolean | null;
  /** `id` of the first figure compared with, or null for a baseline, floor or ceiling. */
  readonly baseline: string | null;
  /** The first comparison's ratio, or null (as `baseline`). */
  readonly ratio: number | null;
  /** Every comparison, the first one being `baseline`/`ratio`. */
  readonly comparisons: readonly Comparison[];
  /** What a figure compared with nothing is: "baseline", "floor", "ceiling". */
  readonly role?: string;
  /** Anything else worth keeping (checks, extra statistics). */
  readonly extra?: Record<string, unknown>;
}

/** Higher is better for rates, lower for times. */
export function higherIsBetter(unit: Unit): boolean {
  return unit.endsWith("/s");
}

/** Speed-up of `median` over `base` in `unit`: above 1 is better. */
export function speedUp(median: number, base: number, unit: Unit): number {
  return higherIsBetter(unit) ? median / base : base / median;
}

/** Builds a figure, working out PASS/MISS and the ratio against each figure in `compare`. */
export function figure(fields: {
  id: string;
  label: string;
  unit: Unit;
  summary: Summary;
  target?: Target | null;
  compare?: readonly { name: string; figure: Figure | null }[];
  role?: string;
  extra?: Record<string, unknown>;
}): Figure {
  const target = fields.target ?? null;
  const m = fields.summary.median;
  const pass = target === null
    ? null
    : target.kind === "min"
    ? m >= target.value
    : m <= target.value;
  const comparisons: Comparison[] = [];
  for (const { name, figure: base } of fields.compare ?? []) {
    if (base === null) continue;
    comparisons.push({
      name,
      against: base.id,
      ratio: speedUp(m, base.summary.median, fields.unit),
    });
  }
  const first = comparisons[0] ?? null;
  // Asked to compare, with nothing there to compare with (no python3, say).
  const role = fields.role ??
    ((fields.compare ?? []).length > 0 && comparisons.length === 0
      ? "nothing to compare with"
      : undefined);
  return {
    id: fields.id,
    label: fields.label,
    unit: fields.unit,
    summary: fields.summary,
    target,
    pass,
    baseline: first === null ? null : first.against,
    ratio: first === null ? null : first.ratio,
    comparisons,
    ...(role === undefined ? {} : { role }),
    ...(fields.extra === undefined ? {} : { extra: fields.extra }),
  };
}

/** A number in `unit`, with the precision that unit deserves. */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case "tasks/s":
    case "increments/s":
    case "messages/s":
      return formatInt(Math.round(value));
    case "GB/s":
      return value.toFixed(2);
    case "s":
      return value >= 100 ? value.toFixed(1) : value.toPrecision(3);
    case "ms":
    case "µs":
      // Sub-10 times (a 0.86 µs numpy call) need three significant digits.
      return value < 10 ? value.toPrecision(3) : value.toFixed(1);
  }
}

/** The unit as printed after a number: counts per second as "/s". */
function suffix(unit: Unit): string {
  return unit.endsWith("/s") && unit !== "GB/s" ? "/s" : ` ${unit}`;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

const WIDTH = { label: 48, median: 16, range: 30, target: 22 } as const;

/** Column header matching {@linkcode formatFigure}. */
export function header(): string {
  return [
    pad("", WIDTH.label),
    pad("median", WIDTH.median, true),
    "  ",
    pad("[min – max]", WIDTH.range),
    pad("target", WIDTH.target),
    "vs same-run figures",
  ].join("");
}

/** How the ratio against one comparison reads: "2.31× python" or "speed-up 0.80× vs python". */
export function formatComparison(c: Comparison, unit: Unit): string {
  return higherIsBetter(unit)
    ? `${c.ratio.toFixed(2)}× ${c.name}`
    : `speed-up ${c.ratio.toFixed(2)}× vs ${c.name}`;
}

/** One line: label, median with unit, [min–max], target with PASS/MISS, and the ratios. */
export function formatFigure(f: Figure): string {
  const s = f.summary;
  const unit = suffix(f.unit);
  const range = `[${formatValue(s.min, f.unit)} – ${formatValue(s.max, f.unit)}]`;
  const target = f.target === null
    ? "—"
    : `${f.target.kind === "min" ? "≥" : "≤"} ${formatValue(f.target.value, f.unit)}${unit} ${
      f.pass ? "PASS" : "MISS"
    }`;
  const ratios = f.comparisons.length === 0
    ? `(${f.role ?? "baseline"})`
    : f.comparisons.map((c) => formatComparison(c, f.unit)).join(" · ");
  return [
    pad(f.label, WIDTH.label),
    pad(formatValue(s.median, f.unit) + unit, WIDTH.median, true),
    "  ",
    pad(range, WIDTH.range),
    pad(target, WIDTH.target),
    ratios,
  ].join("");
}

/** The closing line of a benchmark: how many targeted figures PASS, and which MISS. */
export function targetsLine(figures: readonly Figure[]): string {
  const targeted = figures.filter((f) => f.pass !== null);
  const missed = targeted.filter((f) => f.pass === false);
  return `Targets: ${targeted.length - missed.length}/${targeted.length} PASS` +
    (missed.length === 0 ? "" : ` · MISS: ${missed.map((f) => f.id).join(", ")}`);
}

/**
 * The line on other processes' CPU use during a run (`share` of all cores, null if unknown),
 * with a warning when the machine was not idle; `aside` qualifies the share.
 */
export function loadLine(share: number | null, aside = ""): string {
  const percent = share === null ? "unknown" : `${Math.round(share * 100)}%`;
  return `\nother processes' CPU use during the run: ${percent} of all cores${aside}` +
    (share !== null && share > 0.1
      ? " · warning: the machine was not idle; figures are slower and noisier than they should be"
      : "");
}
