/**
 * How the report prints seconds, ranges and ratios, and the colours and font of its charts and
 * page.
 *
 * @module
 */
import type { Stat } from "../suites/exercises/types.ts";

const UNITS = [
  { unit: "s", scale: 1 },
  { unit: "ms", scale: 1e-3 },
  { unit: "µs", scale: 1e-6 },
  { unit: "ns", scale: 1e-9 },
] as const;

/** The unit `seconds` reads best in: s, ms, µs or ns. */
export function unitFor(seconds: number): (typeof UNITS)[number] {
  for (const u of UNITS) if (Math.abs(seconds) >= u.scale) return u;
  return UNITS[3];
}

/** Three significant digits (more above 1000): 0.912, 12.3, 1234. */
export function digits(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toString();
  return value === 0 ? "0" : value.toPrecision(3);
}

/** Seconds in the unit that suits them: `12.3 ms`. */
export function formatSeconds(seconds: number): string {
  const u = unitFor(seconds);
  return `${digits(seconds / u.scale)} ${u.unit}`;
}

/** Median [min–max], min and max in the median's unit: `12.3 ms [12.1–13.0]`. */
export function formatStat(s: Stat): string {
  const u = unitFor(s.median);
  return `${digits(s.median / u.scale)} ${u.unit} [${digits(s.min / u.scale)}–${
    digits(s.max / u.scale)
  }]`;
}

/** A ratio: `2.31×`. */
export function formatRatio(ratio: number): string {
  return `${digits(ratio)}×`;
}

/** A ratio stat: `2.31× [2.20–2.41]`. */
export function formatRatioStat(s: Stat): string {
  return `${digits(s.median)}× [${digits(s.min)}–${digits(s.max)}]`;
}

/** Colours: Deno blue, Python orange, faster green, slower red-orange, greys for structure. */
export const COLORS = {
  deno: "#1f6feb",
  python: "#d97706",
  faster: "#2f855a",
  slower: "#c2410c",
  even: "#57606a",
  ideal: "#8b949e",
  text: "#1f2328",
  muted: "#57606a",
  grid: "#e5e7eb",
  stripe: "#f6f8fa",
} as const;

/** The font of the charts and the page. */
export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** `format(value)`, or "—" where there is no value. */
export function orDash<T>(value: T | null | undefined, format: (value: T) => string): string {
  return value == null ? "—" : format(value);
}

/** A long wall-clock time: `48.2 s`, `28 min 5 s`. */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return formatSeconds(seconds);
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
