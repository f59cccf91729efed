/**
 * How the benchmark report prints times and ratios, and the colours and font of its charts and page.
 * @module
 */
import type { Stat } from "../suites/exercises/types.ts";

const UNITS = [["s", 1], ["ms", 1e-3], ["µs", 1e-6], ["ns", 1e-9]] as const;

/** Three significant digits (more above 1000): 0.912, 12.3, 1234. */
function digits(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toString();
  return value === 0 ? "0" : value.toPrecision(3);
}

/** The unit `seconds` reads best in (s, ms, µs or ns) and its size in seconds. */
function unitFor(seconds: number): readonly [string, number] {
  return UNITS.find(([, scale]) => Math.abs(seconds) >= scale) ?? UNITS[3];
}

/** `[min–max]` of a stat, divided by `scale`. */
function range(s: Stat, scale = 1): string {
  return `[${digits(s.min / scale)}–${digits(s.max / scale)}]`;
}

/** Seconds in the unit that suits them: `12.3 ms`. */
export function formatSeconds(seconds: number): string {
  const [unit, scale] = unitFor(seconds);
  return `${digits(seconds / scale)} ${unit}`;
}

/** Median [min–max], min and max in the median's unit: `12.3 ms [12.1–13.0]`; or "—". */
export function formatStat(s: Stat | null | undefined): string {
  if (s == null) return "—";
  return `${formatSeconds(s.median)} ${range(s, unitFor(s.median)[1])}`;
}

/** A ratio: `2.31×`. */
export function formatRatio(ratio: number): string {
  return `${digits(ratio)}×`;
}

/** A ratio stat: `2.31× [2.20–2.41]`; or "—". */
export function formatRatioStat(s: Stat | null | undefined): string {
  if (s == null) return "—";
  return `${formatRatio(s.median)} ${range(s)}`;
}

/** A long wall-clock time: `48.2 s`, `28 min 5 s`. */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return formatSeconds(seconds);
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** Characters as a Markdown formatter counts them (code points). */
export function width(text: string): number {
  return [...text].length;
}

/** Cells padded to their column's width (at least 3), right-aligned where `align` has an "r". */
export function padColumns(rows: readonly string[][], align: string): string[][] {
  const widths = rows[0]!.map((_, i) => Math.max(3, ...rows.map((row) => width(row[i]!))));
  return rows.map((row) =>
    row.map((cell, i) => {
      const fill = " ".repeat(widths[i]! - width(cell));
      return align[i] === "r" ? fill + cell : cell + fill;
    })
  );
}

/** Colours: Deno blue, Python orange, faster green, slower red-orange, greys for structure. */
export const COLORS = {
  deno: "#1f6feb",
  python: "#d97706",
  faster: "#2f855a",
  slower: "#c2410c",
  ideal: "#8b949e",
  text: "#1f2328",
  muted: "#57606a",
  grid: "#e5e7eb",
  stripe: "#f6f8fa",
} as const;

/** The font of the charts and the page. */
export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
