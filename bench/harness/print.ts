/**
 * How a suite's figures are printed: one aligned line per figure (median, [min – max], target
 * with PASS/MISS, the same-run ratios), the closing targets line and the load line.
 *
 * @module
 */
import {
  type Comparison,
  type Figure,
  formatInt,
  higherIsBetter,
  type Section,
  type Unit,
} from "./figure.ts";

/** A number in `unit`, with the precision that unit deserves. */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === "GB/s") return value.toFixed(2);
  if (higherIsBetter(unit)) return formatInt(Math.round(value));
  if (unit === "s") return value >= 100 ? value.toFixed(1) : value.toPrecision(3);
  // Sub-10 times (a 0.86 µs numpy call) need three significant digits.
  return value < 10 ? value.toPrecision(3) : value.toFixed(1);
}

/** The unit as printed after a number: counts per second as "/s". */
function suffix(unit: Unit): string {
  return higherIsBetter(unit) && unit !== "GB/s" ? "/s" : ` ${unit}`;
}

const WIDTH = { label: 48, median: 16, range: 30, target: 22 } as const;

/** Column header matching {@linkcode formatFigure}. */
const HEADER = "".padEnd(WIDTH.label) + "median".padStart(WIDTH.median) + "  " +
  "[min – max]".padEnd(WIDTH.range) + "target".padEnd(WIDTH.target) + "vs same-run figures";

/**
 * One line: label, median with unit, [min–max], target with PASS/MISS, and the ratios.
 *
 * @example
 * ```ts
 * import { figure } from "./figure.ts";
 * import { formatFigure } from "./print.ts";
 * const summary = { median: 2e6, min: 1.9e6, max: 2.1e6, samples: [2e6] };
 * const line = formatFigure(figure({ id: "x", label: "adds", unit: "increments/s", summary }));
 * if (!line.includes("2,000,000/s") || !line.includes("(baseline)")) throw new Error(line);
 * ```
 */
export function formatFigure(f: Figure): string {
  const s = f.summary;
  const unit = suffix(f.unit);
  const range = `[${formatValue(s.min, f.unit)} – ${formatValue(s.max, f.unit)}]`;
  const target = f.target === null
    ? "—"
    : `${f.target.kind === "min" ? "≥" : "≤"} ${formatValue(f.target.value, f.unit)}${unit} ${
      f.pass ? "PASS" : "MISS"
    }`;
  // "2.31× python" for a rate, "speed-up 0.80× vs python" for a time.
  const ratio = (c: Comparison) =>
    higherIsBetter(f.unit)
      ? `${c.ratio.toFixed(2)}× ${c.name}`
      : `speed-up ${c.ratio.toFixed(2)}× vs ${c.name}`;
  const ratios = f.comparisons.length === 0
    ? `(${f.role ?? "baseline"})`
    : f.comparisons.map(ratio).join(" · ");
  return f.label.padEnd(WIDTH.label) +
    (formatValue(s.median, f.unit) + unit).padStart(WIDTH.median) + "  " +
    range.padEnd(WIDTH.range) + target.padEnd(WIDTH.target) + ratios;
}

/** A section as printed: a blank line, its title, the header, its figures, then its notes. */
export function formatSection(section: Section): string {
  return [
    `\n${section.title}`,
    HEADER,
    ...section.figures.map(formatFigure),
    ...section.notes.map((note) => `  · ${note}`),
  ].join("\n");
}

/** The closing line of a suite: how many targeted figures PASS, and which MISS. */
export function targetsLine(figures: readonly Figure[]): string {
  const targeted = figures.filter((f) => f.pass !== null);
  const missed = targeted.filter((f) => f.pass === false);
  return `Targets: ${targeted.length - missed.length}/${targeted.length} PASS` +
    (missed.length === 0 ? "" : ` · MISS: ${missed.map((f) => f.id).join(", ")}`);
}

/** A share of all cores as a percentage, or "unknown". */
export function percent(share: number | null): string {
  return share === null ? "unknown" : `${Math.round(share * 100)}%`;
}

/**
 * The line on other processes' CPU use during a run (`share` of all cores, null if unknown),
 * with a warning when the machine was not idle; `aside` qualifies the share.
 */
export function loadLine(share: number | null, aside = ""): string {
  return `\nother processes' CPU use during the run: ${percent(share)} of all cores${aside}` +
    (share !== null && share > 0.1
      ? " · warning: the machine was not idle; figures are slower and noisier than they should be"
      : "");
}
