/**
 * Figures of a benchmark and how they are printed: median, [min–max], target with PASS/MISS,
 * and the ratio against a baseline measured in the same run.
 *
 * @module
 */
import type { Summary } from "./stats.ts";

/** Units the figures are measured in. */
export type Unit = "tasks/s" | "s" | "ms" | "µs";

/** A target a figure should meet; informational only. */
export interface Target {
  /** `"min"`: the median should be at least `value`; `"max"`: at most `value`. */
  readonly kind: "min" | "max";
  readonly value: number;
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
  /** `id` of the figure this one is compared with, or null for a baseline. */
  readonly baseline: string | null;
  /**
   * Speed-up over the baseline from the medians, so above 1 is better: for a rate
   * `this / baseline`, for a time `baseline / this`. Null for a baseline.
   */
  readonly ratio: number | null;
  /** What a figure without a baseline is, when not itself the baseline (e.g. "floor"). */
  readonly role?: string;
  /** Anything else worth keeping (checks, extra statistics). */
  readonly extra?: Record<string, unknown>;
}

/** Higher is better for rates, lower for times. */
export function higherIsBetter(unit: Unit): boolean {
  return unit === "tasks/s";
}

/** Builds a figure, working out PASS/MISS and the ratio against `baseline`. */
export function figure(fields: {
  id: string;
  label: string;
  unit: Unit;
  summary: Summary;
  target?: Target | null;
  baseline?: Figure | null;
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
  const base = fields.baseline ?? null;
  const ratio = base === null
    ? null
    : higherIsBetter(fields.unit)
    ? m / base.summary.median
    : base.summary.median / m;
  return {
    id: fields.id,
    label: fields.label,
    unit: fields.unit,
    summary: fields.summary,
    target,
    pass,
    baseline: base === null ? null : base.id,
    ratio,
    ...(fields.role === undefined ? {} : { role: fields.role }),
    ...(fields.extra === undefined ? {} : { extra: fields.extra }),
  };
}

/** An integer with thousands separators: 200,000. */
export function formatInt(n: number): string {
  return n.toLocaleString("en-US");
}

/** A number in `unit`, with the precision that unit deserves. */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case "tasks/s":
      return formatInt(Math.round(value));
    case "s":
      return value >= 100 ? value.toFixed(1) : value.toPrecision(3);
    case "ms":
      return value.toFixed(1);
    case "µs":
      return value.toFixed(1);
  }
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** Column header matching {@linkcode formatFigure}. */
export function header(): string {
  return [
    pad("", 40),
    pad("median", 14, true),
    "  ",
    pad("[min – max]", 27),
    pad("target", 22),
    "vs baseline",
  ].join("");
}

/**
 * One line: label, median with unit, [min–max], target with PASS/MISS, and the ratio against
 * the baseline called `baselineName` (null for a baseline itself).
 */
export function formatFigure(f: Figure, baselineName: string | null): string {
  const s = f.summary;
  const unit = f.unit === "tasks/s" ? "/s" : ` ${f.unit}`;
  const range = `[${formatValue(s.min, f.unit)} – ${formatValue(s.max, f.unit)}]`;
  const target = f.target === null
    ? "—"
    : `${f.target.kind === "min" ? "≥" : "≤"} ${formatValue(f.target.value, f.unit)}${unit} ${
      f.pass ? "PASS" : "MISS"
    }`;
  const ratio = f.ratio === null || baselineName === null
    ? `(${f.role ?? "baseline"})`
    : higherIsBetter(f.unit)
    ? `${f.ratio.toFixed(2)}× ${baselineName}`
    : `speed-up ${f.ratio.toFixed(2)}× vs ${baselineName}`;
  return [
    pad(f.label, 40),
    pad(formatValue(s.median, f.unit) + unit, 14, true),
    "  ",
    pad(range, 27),
    pad(target, 22),
    ratio,
  ].join("");
}
