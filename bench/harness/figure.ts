/**
 * The one shape of a measured figure and of a section of figures, shared by every suite but the
 * exercises: median with [min–max], a target with PASS/MISS, and the ratio against each figure
 * of the same run it is compared with (a baseline, a floor, a ceiling, Python).
 *
 * @module
 */
import type { Stat } from "./stats.ts";

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
  readonly summary: Stat;
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

/** One section of a suite's report: its figures under a title, followed by notes. */
export interface Section {
  readonly title: string;
  readonly figures: readonly Figure[];
  readonly notes: readonly string[];
}

/** What {@linkcode figure} is given. */
export interface FigureFields
  extends Pick<Figure, "id" | "label" | "unit" | "summary" | "role" | "extra"> {
  readonly target?: Target | null;
  readonly compare?: readonly { name: string; figure: Figure | null }[];
}

/** Higher is better for rates, lower for times. */
export function higherIsBetter(unit: Unit): boolean {
  return unit.endsWith("/s");
}

/**
 * Builds a figure, working out PASS/MISS and the speed-up over each figure in `compare`.
 *
 * @example
 * ```ts
 * import { figure } from "./figure.ts";
 * const stat = (median: number) => ({ median, min: median, max: median, samples: [median] });
 * const base = figure({ id: "a", label: "a", unit: "s", summary: stat(2) });
 * const f = figure({ id: "b", label: "b", unit: "s", summary: stat(1), compare: [{ name: "a", figure: base }] });
 * if (f.ratio !== 2) throw new Error("half the time is a 2× speed-up");
 * ```
 */
export function figure(fields: FigureFields): Figure {
  const target = fields.target ?? null;
  const m = fields.summary.median;
  const pass = target === null
    ? null
    : target.kind === "min"
    ? m >= target.value
    : m <= target.value;
  const up = higherIsBetter(fields.unit);
  const comparisons: Comparison[] = (fields.compare ?? []).flatMap(({ name, figure: base }) =>
    base === null ? [] : [{
      name,
      against: base.id,
      ratio: up ? m / base.summary.median : base.summary.median / m,
    }]
  );
  const first = comparisons[0] ?? null;
  // Asked to compare, with nothing there to compare with (no python3, say).
  const role = fields.role ??
    ((fields.compare ?? []).length > 0 && first === null ? "nothing to compare with" : undefined);
  return {
    id: fields.id,
    label: fields.label,
    unit: fields.unit,
    summary: fields.summary,
    target,
    pass,
    baseline: first?.against ?? null,
    ratio: first?.ratio ?? null,
    comparisons,
    ...(role === undefined ? {} : { role }),
    ...(fields.extra === undefined ? {} : { extra: fields.extra }),
  };
}

/** An integer with thousands separators: 200,000. */
export function formatInt(n: number): string {
  return n.toLocaleString("en-US");
}
