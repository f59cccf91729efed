/**
 * `exp` and `log` as WebAssembly SIMD kernels, two doubles at a time: fdlibm's algorithms
 * (e_exp.c, e_log.c; error < 1 ulp) with their branches turned into lane selects. Lanes the
 * kernels do not cover (see {@linkcode EXP_LIMIT} and {@linkcode LOG_LOWEST}) are flagged for
 * the caller to redo with `Math.exp`/`Math.log`. Private to `lib/array/`.
 *
 * @module
 */
import {
  abs,
  add,
  and,
  type Code,
  div,
  eq,
  f64,
  ge,
  get,
  i64,
  iadd,
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

/** The kernel covers |x| ≤ this: e^x and e^-x are normal doubles, 2^k an exponent add. */
export const EXP_LIMIT = 708;
/** The kernel covers finite x ≥ this, the least normal double; the rest go to `Math.log`. */
export const LOG_LOWEST = 2 ** -1022;

/** 1.5 × 2^52: adding it rounds a double below 2^51 to an integer kept in the low bits. */
const SHIFT = 6755399441055744;
const SHIFT_BITS = 0x4338000000000000n;
const ALL_ONES = i64(-1n);
const not = (mask: Code): Code => xor(mask, ALL_ONES);

/** Horner's rule: c[0] + t*(c[1] + t*(…)). */
export function horner(t: Code, c: number[]): Code {
  let acc = f64(c[c.length - 1]!);
  for (let i = c.length - 2; i >= 0; i--) acc = add(f64(c[i]!), mul(t, acc));
  return acc;
}

const LN2_HI = 6.93147180369123816490e-01; // 0x3fe62e42fee00000: k * LN2_HI is exact
const LN2_LO = 1.90821492927058770002e-10;

/** e^x, a kernel's body and its count of v128 locals; lane masks `flagOffset` bytes on. */
export function expKernel(flagOffset: number): { body: Code; locals: number } {
  const x = 2, bad = 4, kbits = 5, kd = 6, hi = 7, lo = 8, r = 9, t = 10, c = 11, y = 12;
  const P = [
    1.66666666666666019037e-01,
    -2.77777777770155933842e-03,
    6.61375632143793436117e-05,
    -1.65339022054652515390e-06,
    4.13813679705723846039e-08,
  ];
  const step = [
    set(bad, not(le(abs(get(x)), f64(EXP_LIMIT)))),
    // k = round(x / ln 2), in kbits' low bits and as the double kd.
    set(kbits, add(mul(get(x), f64(1.44269504088896338700e+00)), f64(SHIFT))),
    set(kd, sub(get(kbits), f64(SHIFT))),
    // x - k ln 2 = hi - lo, ln 2 in two parts so that hi is exact.
    set(hi, sub(get(x), mul(get(kd), f64(LN2_HI)))),
    set(lo, mul(get(kd), f64(LN2_LO))),
    set(r, sub(get(hi), get(lo))),
    set(t, mul(get(r), get(r))),
    set(c, sub(get(r), mul(get(t), horner(get(t), P)))),
    // e^r = 1 + r + r c / (2 - c), summed so that the small terms go first.
    set(
      y,
      sub(
        f64(1),
        sub(sub(get(lo), div(mul(get(r), get(c)), sub(f64(2), get(c)))), get(hi)),
      ),
    ),
    // × 2^k by adding k to the exponent field (|k| ≤ 1021, so no overflow into the sign).
    set(y, iadd(get(y), shl(get(kbits), 52))),
    // The one argument where this lands 1 ulp from the correctly rounded value that Math.exp
    // (and numpy) return: V8 special-cases it too.
    set(y, select(f64(Math.E), get(y), eq(get(x), f64(1)))),
  ].flat();
  return { body: pairLoop(step, y, bad, flagOffset), locals: 11 };
}

/** ln x, a kernel's body and its count of v128 locals; lane masks `flagOffset` bytes on. */
export function logKernel(flagOffset: number): { body: Code; locals: number } {
  const x = 2, bad = 4, hx = 5, i = 6, m = 7, dk = 8, f = 9, s = 10, z = 11, w = 12, R = 13;
  const hfsq = 14, result = 15;
  const Lg = [
    6.666666666666735130e-01,
    3.999999999940941908e-01,
    2.857142874366239149e-01,
    2.222219843214978396e-01,
    1.818357216161805012e-01,
    1.531383769920937332e-01,
    1.479819860511658591e-01,
  ];
  const k = (n: bigint): Code => i64(n);
  const step = [
    set(bad, not(and(ge(get(x), f64(LOG_LOWEST)), le(get(x), f64(Number.MAX_VALUE))))),
    // x = 2^k (1 + f) with 1 + f in [√2/2, √2): hx is the high word's fraction bits, i says
    // whether the fraction is past √2 and x is halved.
    set(hx, and(shr(get(x), 32), k(0xfffffn))),
    set(i, and(iadd(get(hx), k(0x95f64n)), k(0x100000n))),
    set(m, or(and(get(x), k(0x000fffffffffffffn)), shl(xor(get(i), k(0x3ff00000n)), 32))),
    set(dk, iadd(isub(shr(get(x), 52), k(1023n)), shr(get(i), 20))),
    set(dk, sub(iadd(get(dk), k(SHIFT_BITS)), f64(SHIFT))),
    set(f, sub(get(m), f64(1))),
    set(hfsq, mul(f64(0.5), mul(get(f), get(f)))),
    set(s, div(get(f), add(f64(2), get(f)))),
    set(z, mul(get(s), get(s))),
    set(w, mul(get(z), get(z))),
    set(
      R,
      add(
        mul(get(z), horner(get(w), [Lg[0]!, Lg[2]!, Lg[4]!, Lg[6]!])),
        mul(get(w), horner(get(w), [Lg[1]!, Lg[3]!, Lg[5]!])),
      ),
    ),
    // fdlibm's two forms; the one with f²/2 apart where f is far enough from 0.
    set(
      result,
      select(
        sub(
          mul(get(dk), f64(LN2_HI)),
          sub(
            sub(get(hfsq), add(mul(get(s), add(get(hfsq), get(R))), mul(get(dk), f64(LN2_LO)))),
            get(f),
          ),
        ),
        sub(
          mul(get(dk), f64(LN2_HI)),
          sub(sub(mul(get(s), sub(get(f), get(R))), mul(get(dk), f64(LN2_LO))), get(f)),
        ),
        igt(or(isub(get(hx), k(0x6147an)), isub(k(0x6b851n), get(hx))), k(0n)),
      ),
    ),
  ].flat();
  return { body: pairLoop(step, result, bad, flagOffset), locals: 14 };
}
