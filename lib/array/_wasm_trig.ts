/**
 * `sin` and `cos` as WebAssembly SIMD kernels, two doubles at a time: the first round of fdlibm's
 * reduction by π/2 (e_rem_pio2.c) and FreeBSD's branch-free polynomial kernels (k_sin.c,
 * k_cos.c; error < 1 ulp). Every lane evaluates both polynomials, the quadrant picking one.
 * Lanes where fdlibm would need further rounds of reduction, beyond {@linkcode TRIG_LIMIT},
 * ±Infinity and NaN are flagged for the caller to redo with `Math.sin`/`Math.cos`. Private to
 * `lib/array/`.
 *
 * @module
 */
import {
  abs,
  add,
  and,
  type Code,
  f64,
  get,
  i64,
  iadd,
  ieq,
  igt,
  isub,
  le,
  mul,
  or,
  pairLoop,
  select,
  set,
  shl,
  shr,
  sub,
  xor,
} from "./_wasm_builder.ts";
import { horner } from "./_wasm_exp_log.ts";

/** The kernels cover |x| ≤ 2^20: n = round(x / (π/2)) < 2^20 keeps n × each part of π/2 exact. */
export const TRIG_LIMIT = 2 ** 20;

const SHIFT = 6755399441055744; // 1.5 × 2^52
const SIGN = i64(-0x8000000000000000n);

// π/2 = PIO2_1 + PIO2_1T, the first with 33 significant bits (so n × PIO2_1 is exact), the
// second rounded: fdlibm's first round of reduction.
const PIO2_1 = 1.57079632673412561417e+00;
const PIO2_1T = 6.07710050650619224932e-11;

const S = [
  -1.66666666666666324348e-01,
  8.33333333332248946124e-03,
  -1.98412698298579493134e-04,
  2.75573137070700676789e-06,
  -2.50507602534068634195e-08,
  1.58969099521155010221e-10,
];
const C = [
  4.16666666666666019037e-02,
  -1.38888888888741095749e-03,
  2.48015872894767294178e-05,
  -2.75573143513906633035e-07,
  2.08757232129817482790e-09,
  -1.13596475577881948265e-11,
];

/** A double's biased exponent, as a 64-bit integer per lane. */
const exponent = (v: Code): Code => and(shr(v, 52), i64(0x7ffn));

/**
 * sin(x) (`cosine` false) or cos(x), a kernel's body and its count of v128 locals; lane masks of
 * the arguments left to `Math.*` go `flagOffset` bytes after the values.
 */
export function trigKernel(
  cosine: boolean,
  flagOffset: number,
): { body: Code; locals: number } {
  const x = 2, bad = 4, nbits = 5, fn = 6, r = 7, w = 8, y0 = 9, y1 = 10, z = 11, zz = 12;
  const v = 13, sine = 14, cosineValue = 15, hz = 16, one = 17, result = 18;
  const step = [
    set(bad, xor(le(abs(get(x)), f64(TRIG_LIMIT)), i64(-1n))),
    // n = round(x / (π/2)): its low bits in nbits, the double in fn.
    set(nbits, add(mul(get(x), f64(6.36619772367581382433e-01)), f64(SHIFT))),
    set(fn, sub(get(nbits), f64(SHIFT))),
    // fdlibm's first round, good to 85 bits unless x is within 2^-16 |x| of a multiple of π/2:
    // such lanes (about 1 in 10^4 of uniform inputs) go to Math.* rather than to two more rounds.
    set(r, sub(get(x), mul(get(fn), f64(PIO2_1)))),
    set(w, mul(get(fn), f64(PIO2_1T))),
    set(y0, sub(get(r), get(w))),
    set(bad, or(get(bad), igt(isub(exponent(get(x)), exponent(get(y0))), i64(16n)))),
    // The reduced argument is y0 + y1 with |y0| ≤ π/4.
    set(y1, sub(sub(get(r), get(y0)), get(w))),
    set(z, mul(get(y0), get(y0))),
    set(zz, mul(get(z), get(z))),
    // k_sin: y0 - ((z (y1/2 - v r) - y1) - v S1), v = y0³.
    set(
      r,
      add(
        horner(get(z), [S[1]!, S[2]!, S[3]!]),
        mul(mul(get(z), get(zz)), horner(get(z), [S[4]!, S[5]!])),
      ),
    ),
    set(v, mul(get(z), get(y0))),
    set(
      sine,
      sub(
        get(y0),
        sub(
          sub(mul(get(z), sub(mul(f64(0.5), get(y1)), mul(get(v), get(r)))), get(y1)),
          mul(get(v), f64(S[0]!)),
        ),
      ),
    ),
    // k_cos: w + (((1 - w) - z/2) + (z r - y0 y1)), w = 1 - z/2.
    set(
      r,
      add(
        mul(get(z), horner(get(z), [C[0]!, C[1]!, C[2]!])),
        mul(mul(get(zz), get(zz)), horner(get(z), [C[3]!, C[4]!, C[5]!])),
      ),
    ),
    set(hz, mul(f64(0.5), get(z))),
    set(one, sub(f64(1), get(hz))),
    set(
      cosineValue,
      add(
        get(one),
        add(
          sub(sub(f64(1), get(one)), get(hz)),
          sub(mul(get(z), get(r)), mul(get(y0), get(y1))),
        ),
      ),
    ),
    // Quadrant n mod 4 (n + 1 for the cosine): odd takes the other function, 2 and 3 negate.
    cosine ? set(nbits, iadd(get(nbits), i64(1n))) : [],
    set(
      result,
      xor(
        select(get(cosineValue), get(sine), ieq(and(get(nbits), i64(1n)), i64(1n))),
        and(shl(get(nbits), 62), SIGN),
      ),
    ),
  ].flat();
  return { body: pairLoop(step, result, bad, flagOffset), locals: 17 };
}
