/**
 * The tables and constants of the `exp` and `log` kernels, computed in 200-bit fixed point with
 * BigInt so that every double here is the correctly rounded value it stands for (no constant
 * copied from elsewhere, nothing to trust but the series below). Run by `_wasm_kernels.ts` when
 * it writes the shipped bytes, never at run time. Private to `lib/array/`.
 *
 * @module
 */

/** Fraction bits of the fixed-point numbers. */
const BITS = 200n;
const ONE = 1n << BITS;

/** The double nearest to the fixed-point `v` (Number(bigint) rounds to nearest). */
const toDouble = (v: bigint): number => Number(v) / 2 ** Number(BITS);
/** The double `d` in fixed point, exactly (every double here is a multiple of 2^-200). */
const fromDouble = (d: number): bigint => BigInt(d * 2 ** Number(BITS));

/** atanh(u) for fixed-point |u| ≤ 1/3: the sum of u^(2n+1) / (2n+1). */
function atanh(u: bigint): bigint {
  const u2 = (u * u) >> BITS;
  let term = u, sum = 0n;
  for (let n = 1n; term !== 0n; n += 2n) {
    sum += term / n;
    term = term * u2 / ONE; // division truncates toward 0, so a negative term reaches 0 too
  }
  return sum;
}

/** ln(c) of a positive double c in [1/2, 2], as 2 atanh((c - 1) / (c + 1)). */
function logFixed(c: number): bigint {
  const v = fromDouble(c);
  return 2n * atanh(((v - ONE) << BITS) / (v + ONE));
}

/** e^t for fixed-point 0 ≤ t < 1: Taylor's series. */
function expFixed(t: bigint): bigint {
  let term = ONE, sum = 0n;
  for (let n = 1n; term !== 0n; n++) {
    sum += term;
    term = ((term * t) >> BITS) / n;
  }
  return sum;
}

/** ln 2 in fixed point. */
const LN2 = 2n * atanh(ONE / 3n);

const cell = new Float64Array(1), cellBits = new BigUint64Array(cell.buffer);
/** The bits of a double. */
export function bitsOf(d: number): bigint {
  cell[0] = d;
  return cellBits[0]!;
}

/** The double nearest to `v`'s value rounded to a multiple of 2^-`fraction`. */
function onGrid(v: bigint, fraction: bigint): bigint {
  const shift = BITS - fraction;
  return ((v + (1n << (shift - 1n))) >> shift) << shift;
}

/** Table bits of exp: 2^(j/N) for j < N. */
export const EXP_BITS = 7;
const EXP_N = 1 << EXP_BITS;

/**
 * exp's constants: N/ln 2, and ln 2/N split so that k × hi is exact for |k| < 2^18 (35 bits).
 */
export const EXP_CONSTANTS = (() => {
  const hi = onGrid(LN2 / BigInt(EXP_N), 42n);
  return {
    invLn2N: toDouble((BigInt(EXP_N) << (2n * BITS)) / LN2),
    ln2HiN: toDouble(hi),
    ln2LoN: toDouble(LN2 / BigInt(EXP_N) - hi),
  };
})();

/**
 * exp's table, 16 bytes a row: the row j holds `tail` = (2^(j/N) - s) / s, s the double nearest
 * 2^(j/N), then s's bits less j << (52 - EXP_BITS), so that adding k << (52 - EXP_BITS) for
 * k = N q + j gives 2^q s.
 */
export function expTable(): Uint8Array<ArrayBuffer> {
  const table = new BigUint64Array(2 * EXP_N);
  for (let j = 0; j < EXP_N; j++) {
    const exact = expFixed(LN2 * BigInt(j) / BigInt(EXP_N));
    const s = toDouble(exact), sFixed = fromDouble(s);
    table[2 * j] = bitsOf(toDouble(((exact - sFixed) << BITS) / sFixed));
    table[2 * j + 1] = bitsOf(s) - (BigInt(j) << BigInt(52 - EXP_BITS));
  }
  return new Uint8Array(table.buffer);
}

/** Fraction bits of log's table: c is x's significand rounded to this many bits. */
export const LOG_BITS = 7;

/** ln 2 split so that k × hi + any multiple of 2^-42 below 1 in size is exact, |k| < 2^11. */
export const LOG_CONSTANTS = (() => {
  const hi = onGrid(LN2, 42n);
  return { ln2Hi: toDouble(hi), ln2Lo: toDouble(LN2 - hi) };
})();

/**
 * log's table, 32 bytes a row, for c of significand 1 + i/2^LOG_BITS and exponent -1 (rows i) or
 * 0 (rows 2^LOG_BITS + i): 1/c rounded, then ln c as hi (a multiple of 2^-42) + lo, then zero.
 */
export function logTable(): Uint8Array<ArrayBuffer> {
  const rows = 2 << LOG_BITS;
  const table = new Float64Array(4 * rows);
  for (let row = 0; row < rows; row++) {
    const half = row < rows / 2;
    const c = (1 + (row % (rows / 2)) / (rows / 2)) * (half ? 0.5 : 1);
    const exact = logFixed(c), hi = onGrid(exact, 42n);
    table.set([1 / c, toDouble(hi), toDouble(exact - hi), 0], 4 * row);
  }
  return new Uint8Array(table.buffer);
}
