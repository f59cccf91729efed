/**
 * A measured figure and a section of them, as every suite but the exercises builds and prints
 * them: median [min – max], target with PASS/MISS, speed-ups over other figures of the same run.
 * @module
 */
import type { Stat } from "./stats.ts";

/** Units the figures are measured in. */
export type Unit =
  | "tasks/s"
  | "increments/s"
  | "messages/s"
  | "GB/s"
  | "s"
  | "ms"
  | "µs"
  | "entries"
  | "MiB";

/** A target a figure should meet; informational only. */
export interface Target {
  /** `"min"`: the median should be at least `value`; `"max"`: at most `value`. */
  readonly kind: "min" | "max";
  readonly value: number;
  /** Where the value comes from, when it is not a fixed number (e.g. "Python, this run"). */
  readonly source?: string;
}

/** One measured figure. */
export interface Figure {
  readonly id: string;
  readonly label: string;
  readonly unit: Unit;
  readonly summary: Stat;
  readonly target: Target | null;
  /** Whether the median meets `target`; null without a target. */
  readonly pass: boolean | null;
  /** `against` and `ratio` of the first comparison, or null for a baseline, floor or ceiling. */
  readonly baseline: string | null;
  readonly ratio: number | null;
  /** The speed-up (`ratio`) over each figure of the same run it is compared with (`against`). */
  readonly comparisons: readonly Readonly<{ name: string; against: string; ratio: number }>[];
  /** What a figure compared with nothing is: "baseline", "floor", "ceiling". */
  readonly role?: string;
  readonly extra?: Record<string, unknown>;
}

/** One section of a suite's report: its figures under a title, followed by notes. */
export interface Section {
  readonly title: string;
  readonly figures: readonly Figure[];
  readonly notes: readonly string[];
}

/** What {@linkcode figure} is given: the figures to compare with may be missing (no python3). */
export interface FigureFields
  extends Pick<Figure, "id" | "label" | "unit" | "summary" | "role" | "extra"> {
  readonly target?: Target | null;
  readonly compare?: readonly { name: string; figure: Figure | null }[];
}

/** Higher is better for rates, lower for times and counts (of task entries, say). */
export function higherIsBetter(unit: Unit): boolean {
  return unit.endsWith("/s");
}

/** Builds a figure, working out PASS/MISS and the speed-up over each figure in `compare`. */
export function figure(fields: FigureFields): Figure {
  const { id, label, unit, summary, extra, target = null, compare = [] } = fields;
  const m = summary.median;
  const comparisons = compare.flatMap(({ name, figure: base }) => {
    if (base === null) return [];
    const ratio = higherIsBetter(unit) ? m / base.summary.median : base.summary.median / m;
    return [{ name, against: base.id, ratio }];
  });
  // Asked to compare, with nothing there to compare with (no python3, say).
  const role = fields.role ??
    (compare.length > 0 && comparisons.length === 0 ? "nothing to compare with" : undefined);
  return {
    id,
    label,
    unit,
    summary,
    target,
    pass: target && (target.kind === "min" ? m >= target.value : m <= target.value),
    baseline: comparisons[0]?.against ?? null,
    ratio: comparisons[0]?.ratio ?? null,
    comparisons,
    ...(role === undefined ? {} : { role }),
    ...(extra === undefined ? {} : { extra }),
  };
}

/** An integer with thousands separators: 200,000. */
export function formatInt(n: number): string {
  return n.toLocaleString("en-US");
}

/** A number in `unit`, with the precision that unit deserves. */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === "GB/s") return value.toFixed(2);
  if (higherIsBetter(unit) || unit === "entries") return formatInt(Math.round(value));
  if (unit === "s") return value >= 100 ? value.toFixed(1) : value.toPrecision(3);
  // Sub-10 times (a 0.86 µs numpy call) need three significant digits.
  return value < 10 ? value.toPrecision(3) : value.toFixed(1);
}

/** A line of the table: columns 48, 16 (right-aligned), 2, 30 and 22 wide, then the ratios. */
function row(label: string, median: string, range: string, target: string, vs: string): string {
  return label.padEnd(48) + median.padStart(16) + "  " + range.padEnd(30) + target.padEnd(22) + vs;
}

/** One line: label, median with unit, [min–max], target with PASS/MISS, and the ratios. */
export function formatFigure(f: Figure): string {
  const value = (x: number) => formatValue(x, f.unit);
  const unit = higherIsBetter(f.unit) && f.unit !== "GB/s" ? "/s" : ` ${f.unit}`;
  const verdict = f.pass ? "PASS" : "MISS";
  const bound = (t: Target) =>
    `${t.kind === "min" ? "≥" : "≤"} ${value(t.value)}${unit} ${verdict}`;
  const target = f.target === null ? "—" : bound(f.target);
  // "2.31× python" for a rate, "speed-up 0.80× vs python" for a time.
  const ratios = f.comparisons.map((c) =>
    higherIsBetter(f.unit)
      ? `${c.ratio.toFixed(2)}× ${c.name}`
      : `speed-up ${c.ratio.toFixed(2)}× vs ${c.name}`
  );
  const range = `[${value(f.summary.min)} – ${value(f.summary.max)}]`;
  const vs = ratios.length === 0 ? `(${f.role ?? "baseline"})` : ratios.join(" · ");
  return row(f.label, value(f.summary.median) + unit, range, target, vs);
}

/** A section as printed: a blank line, its title, the header, its figures, then its notes. */
export function formatSection(section: Section): string {
  return [
    `\n${section.title}`,
    row("", "median", "[min – max]", "target", "vs same-run figures"),
    ...section.figures.map(formatFigure),
    ...section.notes.map((note) => `  · ${note}`),
  ].join("\n");
}

/** The closing line of a suite: how many targeted figures PASS, and which MISS. */
export function targetsLine(figures: readonly Figure[]): string {
  const targeted = figures.filter((f) => f.pass !== null);
  const missed = targeted.filter((f) => f.pass === false).map((f) => f.id);
  return `Targets: ${targeted.length - missed.length}/${targeted.length} PASS` +
    (missed.length === 0 ? "" : ` · MISS: ${missed.join(", ")}`);
}
