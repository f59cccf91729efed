/**
 * The loops `jit()` wraps around one element's code: an elementwise loop writing `out`, and the
 * reductions `sum`, `mean`, `min` and `max` fused into the loop, so no array of elements is
 * allocated. Each is generated for one pattern of arguments (which parameters are arrays and
 * which are numbers), so a broadcast number is read once, outside the loop.
 *
 * The sum reproduces numpy's pairwise summation as `lib/array/_pairwise.ts` does, computing each
 * element where that code reads it, so the fused sum equals `sum()` of the elementwise result bit
 * for bit. `min` and `max`
 * follow `lib/array/reduce.ts` (NaN propagates).
 *
 * @module
 */
import { type ElementCode, MAX_UNROLLED_POWER } from "./_jit_codegen.ts";

/**
 * A reduction `jit()` fuses into its loop: the sum, mean, minimum or maximum of the elements.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jit } from "./jit.ts";
 * const reduce: JitReduction = "mean";
 * const meanSquare = jit((x: number) => x * x, { reduce });
 * assert.equal(meanSquare(new Float64Array([1, 2, 3])), 14 / 3);
 * ```
 */
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
  // `a ** n` of an expression `a` calls powN (see integerPower in _jit_codegen.ts).
  const powers = Array.from({ length: MAX_UNROLLED_POWER - 1 }, (_, k) => {
    const n = k + 2;
    return `function pow${n}(t) { return ${Array.from({ length: n }, () => "t").join(" * ")}; }`;
  });
  const prelude = ['"use strict";', ...hoisted, ...powers];
  // One element's code, inline in each loop (a call per element is not always inlined).
  const element = (store: string, end = ""): string[] =>
    indent([...reads, ...code.statements, `${store}${code.value}${end};`]);
  if (reduce === null) {
    return lines(
      ...prelude,
      "for (let i = 0; i < n; i++) {",
      ...element("out[i] = "),
      "}",
      "return out;",
    );
  }
  if (reduce === "min" || reduce === "max") {
    // As a Float64Array would store it (true is 1), then compared.
    return lines(...prelude, ...extremum(reduce, element("const v = +")));
  }
  if (code.zeroOrOne === true) return lines(...prelude, ...counted(element, reduce));
  // The element at index `at` added to (or, with "=", stored in) `target`, in a block of its own
  // so the names of its locals do not clash with the other copies.
  const add = (target: string, op: string, at: string): string[] => [
    `{ const i = ${at};`,
    ...element(`${target} ${op} +`),
    "}",
  ];
  const total = "0 + pairwise(0, n)";
  return lines(
    ...prelude,
    ...pairwise(add),
    // numpy adds the pairwise sum to the reduction's initial 0, which turns a -0 sum into 0.
    `return ${reduce === "sum" ? total : `(${total}) / n`};`,
  );
}

/**
 * The sum (or mean) of elements that are all 0 or 1, by counting: every partial sum is an
 * integer below 2^53, so any order gives the pairwise sum's exact bits, and a count in 32-bit
 * integers (in chunks of 2^30, so it cannot overflow) runs about a fifth faster than the
 * pairwise tree's float additions.
 */
function counted(
  element: (store: string, end: string) => string[],
  reduce: "sum" | "mean",
): string[] {
  return [
    "let total = 0;",
    "for (let lo = 0; lo < n; lo += 1073741824) {",
    "  const hi = Math.min(n, lo + 1073741824);",
    "  let count = 0;",
    "  for (let i = lo; i < hi; i++) {",
    ...indent(indent(element("count = (count + +", ") | 0"))),
    "  }",
    "  total += count;",
    "}",
    `return ${reduce === "sum" ? "total" : "total / n"};`,
  ];
}

/**
 * numpy's pairwise sum of elements `lo .. lo + count`, as `pairwiseSum` in `_pairwise.ts`: a
 * range of more than 128 (numpy's block) is split in two at half its length rounded down to a
 * multiple of 8; a shorter one is added in 8 interleaved running sums, each element computed
 * where that code reads it from the array (converted to a number as storing it there would), so
 * the sum has the same bits as `sum()` of the elementwise result.
 */
function pairwise(add: (target: string, op: string, at: string) => string[]): string[] {
  const eight = (op: string, offset: string) =>
    [0, 1, 2, 3, 4, 5, 6, 7].flatMap((j) => add(`r${j}`, op, `${offset} + ${j}`));
  return [
    "function pairwise(lo, count) {",
    "  if (count > 128) {",
    "    const half = Math.floor(count / 2);",
    "    const n2 = half - (half % 8);",
    "    return pairwise(lo, n2) + pairwise(lo + n2, count - n2);",
    "  }",
    "  let res = 0;",
    "  let k = 0;",
    "  if (count >= 8) {",
    "    let r0, r1, r2, r3, r4, r5, r6, r7;",
    ...indent(indent(eight("=", "lo"))),
    "    const end = count - (count % 8);",
    "    for (k = 8; k < end; k += 8) {",
    ...indent(indent(indent(eight("+=", "lo + k")))),
    "    }",
    "    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));",
    "  }",
    "  for (; k < count; k++) {",
    ...indent(add("res", "+=", "lo + k")),
    "  }",
    "  return res;",
    "}",
  ];
}

/**
 * As `min`/`max` in `lib/array/reduce.ts`: the first NaN is the answer. Starting from +Infinity
 * (-Infinity for max) gives what starting from the first element does, ties of -0 and 0
 * included, without a separate first step.
 */
function extremum(reduce: "min" | "max", element: string[]): string[] {
  return [
    `let m = ${reduce === "min" ? "Infinity" : "-Infinity"};`,
    "for (let i = 0; i < n; i++) {",
    ...element,
    `  if (v ${reduce === "min" ? "<" : ">"} m) m = v;`,
    "  else if (v !== v) return v;",
    "}",
    "return m;",
  ];
}

function indent(block: readonly string[]): string[] {
  return block.map((line) => `  ${line}`);
}

function lines(...all: string[]): string {
  return all.join("\n");
}
