/**
 * numpy's `repr` of a 1-D float array, for examples that print what the notebook printed.
 *
 * @module
 */

/**
 * `values` as numpy's `repr` shows a 1-D float array with its default 8 digits:
 * `array([0.84147098, 1.        ])` (with `, dtype=float32` for a `Float32Array`). Each value is written with the fewest digits that identify
 * it (in float32 for a `Float32Array`, as numpy does for float32) when that needs at most
 * `precision` decimals, else rounded to `precision` decimals with trailing zeros dropped; then
 * all are padded to line up at the decimal point. Fixed notation only (numpy switches to
 * scientific notation for very large or very small values).
 */
export function arrayRepr(values: ArrayLike<number>, precision = 8): string {
  const single = values instanceof Float32Array;
  const cells = Array.from(values, (v) => {
    if (!Number.isFinite(v)) return [Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf", ""];
    let text = String(single ? shortestFloat32(v) : v);
    if (text.includes("e") || (text.split(".")[1] ?? "").length > precision) {
      text = v.toFixed(precision).replace(/\.?0+$/, "");
    }
    const [whole, fraction = ""] = text.split(".") as [string, string?];
    return [`${whole}.`, fraction];
  });
  const wholeWidth = Math.max(0, ...cells.map(([w]) => w!.length));
  const fractionWidth = Math.max(0, ...cells.map(([, f]) => f!.length));
  return `array([${
    cells.map(([w, f]) => w!.padStart(wholeWidth) + f!.padEnd(fractionWidth)).join(", ")
  }]${single ? ", dtype=float32" : ""})`;
}

/** The number with the fewest significant digits that rounds to the float32 `v`. */
function shortestFloat32(v: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(v.toPrecision(digits));
    if (Math.fround(candidate) === v) return candidate;
  }
  return Number(v.toPrecision(9));
}
