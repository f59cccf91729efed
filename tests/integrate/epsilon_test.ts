import assert from "node:assert/strict";
import { EpsilonTable } from "../../lib/integrate/epsilon.ts";

/**
 * Textbook Wynn epsilon table, all columns kept: the deepest even-column element on the
 * last diagonal, for comparison (no cut-offs, so only for well-behaved sequences).
 */
function deepest(sums: number[]): number {
  let prev: number[] = new Array(sums.length + 1).fill(0);
  let cur = sums.slice();
  const even: number[][] = [cur];
  for (let k = 1; k < sums.length; k++) {
    const next: number[] = [];
    for (let i = 0; i + 1 < cur.length; i++) next.push(prev[i + 1]! + 1 / (cur[i + 1]! - cur[i]!));
    prev = cur;
    cur = next;
    if (k % 2 === 0) even.push(cur);
  }
  const col = even.at(-1)!;
  return col.at(-1)!;
}

function partialSums(term: (k: number) => number, n: number): number[] {
  const sums: number[] = [];
  let s = 0;
  for (let k = 0; k < n; k++) sums.push(s += term(k));
  return sums;
}

Deno.test("EpsilonTable agrees with the textbook table on the Leibniz series for π/4", () => {
  const sums = partialSums((k) => (k % 2 ? -1 : 1) / (2 * k + 1), 16);
  const table = new EpsilonTable();
  table.reset(sums[0]!);
  for (let n = 2; n <= sums.length; n++) {
    table.push(sums[n - 1]!);
    if (n < 3) continue;
    table.extrapolate();
    const ref = deepest(sums.slice(0, n));
    assert.ok(Math.abs(table.result - ref) < 1e-13 * Math.max(1, Math.abs(ref)), `n = ${n}`);
  }
  assert.ok(Math.abs(table.result - Math.PI / 4) < 1e-12);
  assert.ok(table.abserr >= Math.abs(table.result - Math.PI / 4), "error estimate covers it");
});

Deno.test("EpsilonTable: Aitken-exact for a geometric sequence, also after convergence", () => {
  // S_n = 1 - 0.5^(n+1) → 1; one Aitken step (the first even column) is exact.
  const table = new EpsilonTable();
  table.reset(0.5);
  const abserrs: number[] = [];
  for (let n = 1; n < 7; n++) {
    table.push(1 - 0.5 ** (n + 1));
    if (table.size >= 3) {
      table.extrapolate();
      abserrs.push(table.abserr);
      assert.ok(Math.abs(table.result - 1) < 1e-15);
    }
  }
  assert.deepEqual(abserrs.slice(0, 2), [Number.MAX_VALUE, Number.MAX_VALUE]);
  // Third call: the column-2 elements agree to machine precision, i.e. converged; the table is
  // cut (not left half-updated as in QUADPACK), so the later calls above still came out right.
  assert.ok(abserrs[2]! < 1e-14);
});

Deno.test("EpsilonTable: a constant sequence is recognised as converged at once", () => {
  const table = new EpsilonTable();
  table.reset(3);
  table.push(3);
  table.push(3);
  table.extrapolate();
  assert.equal(table.result, 3);
  assert.ok(table.abserr <= 5 * Number.EPSILON * 3 + 1e-300);
});

Deno.test("EpsilonTable keeps at most 50 sums (trims to 49) however many are pushed", () => {
  const table = new EpsilonTable();
  table.reset(0);
  let maxSize = 0;
  for (let n = 1; n < 120; n++) {
    table.push(Math.log(n + 1)); // slowly divergent: the table never settles
    if (table.size >= 3) table.extrapolate();
    maxSize = Math.max(maxSize, table.size);
    assert.ok(table.size <= 50);
  }
  assert.ok(maxSize >= 3);
});
