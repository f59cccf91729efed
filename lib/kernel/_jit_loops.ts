/**
 * The loops `jit()` wraps around one element's code: an elementwise loop writing `out`, and the
 * reductions `sum`, `mean`, `min` and `max` fused into the loop, so no array of elements is
 * allocated. Each is generated for one pattern of arguments (which parameters are arrays and
 * which are numbers), so a broadcast number is read once, outside the loop.
 *
 * The sum reproduces numpy's pairwise summation as `lib/array/_pairwise.ts` does, reading each
 * element where that code reads `a[i]`: the fused sum equals `sum()` of the elementwise result
 * bit for bit. `min` and `max` follow `lib/array/reduce.ts` (NaN propagates).
 *
 * @module
 */
import type { ElementCode } from "./_jit_codegen.ts";

/** What a kernel computes: the elementwise array, or one of the fused reductions. */
export type JitReduction = "sum" | "mean" | "min" | "max";

/** The reductions `jit()` accepts, in the order its messages list them. */
export const REDUCTIONS: readonly JitReduction[] = ["sum", "mean", "min", "max"];

/**
 * The body of a function of `a_<param>...`, `out` and `n`: `pattern[k]` is `"a"` if parameter
 * `k` is an array of `n` elements, `"s"` if a number. Elementwise (`reduce` null) it fills and
 * returns `out`; else it returns the reduction (`min`/`max` need `n > 0`, checked by the caller).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const code = { params: ["x", "c"], statements: [], value: "(v_x + v_c)" };
 * const body = loopSource(code, "as", null);
 * const run = new Function("a_x", "a_c", "out", "n", body);
 * assert.deepEqual(run(new Float64Array([1, 2]), 10, new Float64Array(2), 2), new Float64Array([11, 12]));
 * ```
 */
export function loopSource(
  code: ElementCode,
  pattern: string,
  reduce: JitReduction | null,
): string {
  const hoisted = code.params.flatMap((name, k) =>
    pattern[k] === "s" ? [`const v_${name} = a_${name};`] : []
  );
  const reads = code.params.flatMap((name, k) =>
    pattern[k] === "a" ? [`const v_${name} = a_${name}[i];`] : []
  );
  const element = [...reads, ...code.statements];
  if (reduce === null) {
    return lines(
      '"use strict";',
      ...hoisted,
      "for (let i = 0; i < n; i++) {",
      ...indent(element),
      `  out[i] = ${code.value};`,
      "}",
      "return out;",
    );
  }
  // One element as a number, as storing it in a Float64Array would make it (true is 1).
  const at = ["function at(i) {", ...indent(element), `  return +${code.value};`, "}"];
  return lines('"use strict";', ...hoisted, ...at, ...REDUCERS[reduce]);
}

/** numpy's pairwise sum of elements `lo .. lo + count`, as `pairwiseSum` in `_pairwise.ts`. */
const PAIRWISE = [
  "function pairwise(lo, count) {",
  "  if (count < 8) {",
  "    let res = 0;",
  "    for (let i = lo; i < lo + count; i++) res += at(i);",
  "    return res;",
  "  }",
  "  if (count <= 128) {",
  "    let r0 = at(lo), r1 = at(lo + 1), r2 = at(lo + 2), r3 = at(lo + 3);",
  "    let r4 = at(lo + 4), r5 = at(lo + 5), r6 = at(lo + 6), r7 = at(lo + 7);",
  "    const end = lo + count - (count % 8);",
  "    let i = lo + 8;",
  "    for (; i < end; i += 8) {",
  "      r0 += at(i); r1 += at(i + 1); r2 += at(i + 2); r3 += at(i + 3);",
  "      r4 += at(i + 4); r5 += at(i + 5); r6 += at(i + 6); r7 += at(i + 7);",
  "    }",
  "    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));",
  "    for (; i < lo + count; i++) res += at(i);",
  "    return res;",
  "  }",
  "  const half = Math.floor(count / 2);",
  "  const n2 = half - (half % 8);",
  "  return pairwise(lo, n2) + pairwise(lo + n2, count - n2);",
  "}",
];

/** As `min`/`max` in `lib/array/reduce.ts`: the first NaN is the answer. */
function extremum(better: "<" | ">"): string[] {
  return [
    "let m = at(0);",
    "if (m !== m) return m;",
    "for (let i = 1; i < n; i++) {",
    "  const v = at(i);",
    `  if (v ${better} m) m = v;`,
    "  else if (v !== v) return v;",
    "}",
    "return m;",
  ];
}

const REDUCERS: Readonly<Record<JitReduction, readonly string[]>> = {
  // numpy adds the pairwise sum to the reduction's initial 0, which turns a -0 sum into 0.
  sum: [...PAIRWISE, "return 0 + pairwise(0, n);"],
  mean: [...PAIRWISE, "return (0 + pairwise(0, n)) / n;"],
  min: extremum("<"),
  max: extremum(">"),
};

function indent(block: readonly string[]): string[] {
  return block.map((line) => `  ${line}`);
}

function lines(...all: string[]): string {
  return all.join("\n");
}
