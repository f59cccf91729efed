/**
 * `exp` and `log` as WebAssembly SIMD kernels, four doubles per iteration, table-driven (the
 * tables and constants of `_wasm_tables.ts`, placed in the module's memory by the caller; no
 * gather in wasm SIMD, so each lane's row is one 16-byte load). Error < 0.52 ulp by the
 * analysis in each kernel's comments; tests/array/transcendental_accuracy_test.ts holds them to
 * 1 ulp of the correctly rounded value. Lanes the kernels do not cover (see
 * `expCovers` and `logCovers` in `_wasm_ranges.ts`) make the kernel return nonzero, and the
 * caller redoes them with `Math.exp`/`Math.log`. Private to `lib/array/`.
 *
 * With `fused`, products and sums become `f64x2.relaxed_madd`, which rounds once on a machine
 * with FMA and twice on one without: only where both roundings keep the error in budget.
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
  gt,
  i64,
  iadd,
  igt,
  isub,
  laneOffset,
  load,
  loadLane,
  madd,
  mul,
  pick,
  set,
  shl,
  shr,
  type Step,
  sub,
} from "./_wasm_builder.ts";
import { EXP_LIMIT, LOG_LOWEST } from "./_wasm_ranges.ts";
import { bitsOf, EXP_BITS, EXP_CONSTANTS, LOG_BITS, LOG_CONSTANTS } from "./_wasm_tables.ts";

/** 1.5 × 2^52: adding it rounds a double below 2^51 to an integer kept in the low bits. */
const SHIFT = 6755399441055744;
const SHIFT_BITS = 0x4338000000000000n;
const SIGN = 0x8000000000000000n;

/** Horner's rule: c[0] + t*(c[1] + t*(…)). */
export function horner(t: Code, c: number[]): Code {
  let acc = f64(c[c.length - 1]!);
  for (let i = c.length - 2; i >= 0; i--) acc = add(f64(c[i]!), mul(t, acc));
  return acc;
}

/** v128 locals each step of these kernels uses. */
export const EXP_LOG_LOCALS = 9;
/** i32 locals each step uses: the byte offsets of its two lanes' table rows. */
export const EXP_LOG_ADDRESSES = 2;

/**
 * e^x for one vector: k = round(x N / ln 2) = N q + j, r = x - k ln 2 / N (|r| ≤ ln 2 / 2N, the
 * product k × hi exact), e^x = 2^q 2^(j/N) e^r with 2^(j/N) = s (1 + tail) from the row j at
 * byte `table`, and e^r - 1 by Taylor to r^5 (truncation < 2^-60 relative). The only roundings
 * that matter are of s × tmp and of the last sum: < 0.51 ulp.
 */
export function expStep(
  fused: boolean,
  table: number,
): (x: number, first: number, address: number) => Step {
  const { invLn2N, ln2HiN, ln2LoN } = EXP_CONSTANTS;
  // j = k mod N, the low bits of kbits; rows of 16 bytes.
  const row = { shift: 0, mask: (1 << EXP_BITS) - 1, scale: 4 };
  return (x: number, first: number): Step => {
    const bad = first,
      kbits = first + 1,
      kd = first + 2,
      r = first + 3,
      a = first + 4,
      b = first + 5,
      r2 = first + 6,
      y = first + 7;
    const code = [
      set(bad, gt(abs(get(x)), f64(EXP_LIMIT))),
      set(kbits, madd(get(x), f64(invLn2N), f64(SHIFT), fused)),
      set(kd, sub(get(kbits), f64(SHIFT))),
      set(r, madd(get(kd), f64(-ln2HiN), get(x), fused)),
      set(r, madd(get(kd), f64(-ln2LoN), get(r), fused)),
      set(a, load(laneOffset(get(kbits), 0, row), table)),
      set(b, load(laneOffset(get(kbits), 1, row), table)),
      set(r2, mul(get(r), get(r))),
      // tmp = (tail + r) + r² ((1/2 + r/6) + r² (1/24 + r/120))
      set(
        y,
        madd(
          get(r2),
          madd(
            get(r2),
            madd(get(r), f64(1 / 120), f64(1 / 24), fused),
            madd(get(r), f64(1 / 6), f64(0.5), fused),
            fused,
          ),
          add(pick(get(a), 0, get(b), 0), get(r)),
          fused,
        ),
      ),
      // 2^q s: s's bits plus k << (52 - EXP_BITS), whose low bits the row took off.
      set(a, iadd(pick(get(a), 1, get(b), 1), shl(get(kbits), 52 - EXP_BITS))),
      set(y, madd(get(a), get(y), get(a), fused)),
    ].flat();
    return { code, result: y, bad };
  };
}

/** x's bits less these give k << 52 plus z's bits, z = x / 2^k in [0.6875, 1.375), plus 2^62. */
const OFFSET = bitsOf(0.6875) - (1n << 62n);
const LOW52 = (1n << 52n) - 1n;
const ROUND = 1n << BigInt(51 - LOG_BITS), KEEP = ~((ROUND << 1n) - 1n);

/**
 * ln x for one vector: x = 2^k z, z in [0.6875, 1.375); c = z rounded to LOG_BITS fraction bits
 * (1 itself near 1, so no cancellation there); r = (z - c)/c, |r| ≤ 2^-8, z - c exact and 1/c
 * from the row of c at byte `table` with ln c = hi + lo, hi on a 2^-42 grid so that
 * k ln2hi + hi is exact; ln x = (k ln2hi + hi) + r + (k ln2lo + lo) + ln(1 + r) - r, the last
 * by Taylor to r^7 (truncation < 2^-59 relative to r). < 0.52 ulp.
 */
export function logStep(
  fused: boolean,
  table: number,
): (x: number, first: number, address: number) => Step {
  const { ln2Hi, ln2Lo } = LOG_CONSTANTS;
  const row = { shift: 52 - LOG_BITS - 5, mask: ((2 << LOG_BITS) - 1) << 5, scale: 0 };
  return (x: number, first: number, address: number): Step => {
    const bad = first,
      t = first + 1,
      kd = first + 2,
      z = first + 3,
      c = first + 4,
      a = first + 5,
      b = first + 6,
      r = first + 7,
      w = first + 8;
    const lane = (n: number): Code => get(address + n);
    const code = [
      // Outside [least normal, greatest finite] as unsigned bits: NaN, ±Infinity, ≤ 0, subnormal.
      // (Unsigned a > b is signed a + 2^63 > b + 2^63, and x - lowest + 2^63 one subtraction.)
      set(
        bad,
        igt(
          isub(get(x), i64(bitsOf(LOG_LOWEST) - SIGN)),
          i64(bitsOf(Number.MAX_VALUE) - bitsOf(LOG_LOWEST) - SIGN),
        ),
      ),
      set(t, isub(get(x), i64(OFFSET))),
      set(kd, sub(iadd(shr(get(t), 52), i64(SHIFT_BITS)), f64(SHIFT + 1024))),
      set(z, iadd(and(get(t), i64(LOW52)), i64(OFFSET + (1n << 62n)))),
      set(c, and(iadd(get(z), i64(ROUND)), i64(KEEP))),
      set(r, sub(get(z), get(c))),
      // c's exponent's low bit and fraction bits, the row, × 32 bytes.
      set(address, laneOffset(get(c), 0, row)),
      set(address + 1, laneOffset(get(c), 1, row)),
      set(a, load(lane(0), table)),
      set(b, load(lane(1), table)),
      set(r, mul(get(r), pick(get(a), 0, get(b), 0))),
      set(w, madd(get(kd), f64(ln2Hi), pick(get(a), 1, get(b), 1), fused)),
      set(a, loadLane(lane(1), table + 16, loadLane(lane(0), table + 16, get(a), 0), 1)),
      set(a, madd(get(kd), f64(ln2Lo), get(a), fused)),
      set(b, add(get(w), get(r))), // hi; its rounding error, exactly:
      set(a, add(add(sub(get(w), get(b)), get(r)), get(a))),
      set(z, mul(get(r), get(r))),
      // (ln(1 + r) - r) / r² = -1/2 + r/3 - r²/4 + r³/5 - r⁴/6 + r⁵/7, in pairs.
      set(
        c,
        madd(
          get(z),
          madd(
            get(z),
            madd(get(r), f64(1 / 7), f64(-1 / 6), fused),
            madd(get(r), f64(1 / 5), f64(-0.25), fused),
            fused,
          ),
          madd(get(r), f64(1 / 3), f64(-0.5), fused),
          fused,
        ),
      ),
      set(w, add(get(b), madd(get(z), get(c), get(a), fused))),
    ].flat();
    return { code, result: w, bad };
  };
}
