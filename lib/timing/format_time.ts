/**
 * Durations printed as IPython's `%timeit` prints them: three significant digits in the largest
 * unit that keeps the number at least 1 (s, ms, µs, ns), as C's `%.3g` does.
 *
 * @module
 */

const UNITS = ["s", "ms", "µs", "ns"] as const;
const SCALES = [1, 1e3, 1e6, 1e9] as const;

/**
 * C's `%.{precision}g`: `precision` significant digits, trailing zeros dropped, exponent form when
 * the exponent is below -4 or at least `precision`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatG(7.1, 3), "7.1");
 * assert.equal(formatG(683.24, 3), "683");
 * assert.equal(formatG(1234.5, 3), "1.23e+03");
 * ```
 */
export function formatG(value: number, precision: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  if (value === 0) return "0";
  const [mantissa, exponentText] = value.toExponential(precision - 1).split("e") as [
    string,
    string,
  ];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= precision) {
    const digits = stripZeros(mantissa);
    const sign = exponent < 0 ? "-" : "+";
    return `${digits}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return stripZeros(value.toFixed(Math.max(0, precision - 1 - exponent)));
}

function stripZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/**
 * A duration in seconds as `%timeit` shows it: `7.14 ms`, `683 µs`, `12.3 ns`; a minute or more
 * as `1min 5s`, as IPython does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatTime(0.00714), "7.14 ms");
 * assert.equal(formatTime(683e-6), "683 µs");
 * assert.equal(formatTime(2.5), "2.5 s");
 * ```
 */
export function formatTime(seconds: number, precision = 3): string {
  if (seconds >= 60) {
    const parts: string[] = [];
    let rest = seconds;
    for (const [suffix, length] of [["d", 86400], ["h", 3600], ["min", 60], ["s", 1]] as const) {
      const count = Math.floor(rest / length);
      if (count > 0) {
        parts.push(`${count}${suffix}`);
        rest %= length;
      }
      if (rest < 1) break;
    }
    return parts.join(" ");
  }
  const order = seconds > 0 ? Math.min(-Math.floor(Math.floor(Math.log10(seconds)) / 3), 3) : 3;
  const unit = Math.max(0, order);
  return `${formatG(seconds * SCALES[unit]!, precision)} ${UNITS[unit]}`;
}
