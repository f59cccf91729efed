import assert from "node:assert/strict";
import { KronrodRule } from "../../lib/integrate/gauss_kronrod.ts";
import { GK15, GK21, type KronrodPair } from "../../lib/integrate/kronrod_nodes.ts";

// The nodes and weights were computed by tests/integrate/golden/gauss_kronrod_nodes.py; these
// tests check them by their defining property instead of against another table.

/** Σ w_i x_i^k over the full symmetric rule on [-1, 1], Kronrod or (gauss = true) Gauss. */
function ruleSum(pair: KronrodPair, k: number, gauss: boolean): number {
  const w = gauss ? pair.wg : pair.wgk;
  const m = pair.xgk.length - 1;
  let s = w[m]! * (k === 0 ? 1 : 0);
  for (let j = 0; j < m; j++) s += w[j]! * (pair.xgk[j]! ** k + (-pair.xgk[j]!) ** k);
  return s;
}

const exact = (k: number): number => (k % 2 ? 0 : 2 / (k + 1));

for (
  const [name, pair, kronrodDegree, gaussDegree] of [
    ["GK21", GK21, 31, 19],
    ["GK15", GK15, 23, 13],
  ] as const
) {
  Deno.test(`${name}: Kronrod rule exact to degree ${kronrodDegree}, Gauss to ${gaussDegree}`, () => {
    for (let k = 0; k <= kronrodDegree; k++) {
      assert.ok(Math.abs(ruleSum(pair, k, false) - exact(k)) < 4e-16, `Kronrod x^${k}`);
    }
    for (let k = 0; k <= gaussDegree; k++) {
      assert.ok(Math.abs(ruleSum(pair, k, true) - exact(k)) < 4e-16, `Gauss x^${k}`);
    }
    // ... and not beyond: the next even degree is integrated with a visible error.
    assert.ok(Math.abs(ruleSum(pair, kronrodDegree + 1, false) - exact(kronrodDegree + 1)) > 1e-12);
    assert.ok(Math.abs(ruleSum(pair, gaussDegree + 1, true) - exact(gaussDegree + 1)) > 1e-6);
  });
}

Deno.test("GK21 and GK15: abscissae descending in (0, 1) with the centre last; Gauss nodes interlace", () => {
  for (const pair of [GK21, GK15]) {
    const m = pair.xgk.length - 1;
    assert.equal(pair.xgk[m], 0);
    for (let j = 0; j < m; j++) {
      assert.ok(pair.xgk[j]! < 1 && pair.xgk[j]! > pair.xgk[j + 1]!);
      assert.equal(pair.wg[j] !== 0, j % 2 === 1, "Gauss nodes are every second abscissa");
    }
    assert.deepEqual(Array.from(pair.sumOrder).sort((p, q) => p - q), [...Array(m).keys()]);
  }
});

Deno.test("KronrodRule (finite): ∫ over [0, 3] of x^2 and of cos; out = [value, error, ∫|f|, ∫|f-mean|]", () => {
  const rule = new KronrodRule(GK21, 0, 0);
  assert.equal(rule.evals, 21);
  const xs = new Float64Array(21), fx = new Float64Array(21), out = new Float64Array(4);
  rule.writeNodes(0, 3, xs, 0);
  assert.equal(xs[0], 1.5);
  for (let i = 0; i < 21; i++) fx[i] = xs[i]! ** 2;
  rule.apply(fx, 0, 0, 3, out);
  assert.ok(Math.abs(out[0]! - 9) < 1e-14);
  assert.ok(Math.abs(out[2]! - 9) < 1e-14, "∫|x²| = 9");
  // The error estimate of an exactly integrated polynomial is at the rounding level.
  assert.ok(out[1]! < 1e-12);
  for (let i = 0; i < 21; i++) fx[i] = Math.cos(xs[i]!);
  rule.apply(fx, 0, 0, 3, out);
  assert.ok(Math.abs(out[0]! - Math.sin(3)) < 1e-15);
});

Deno.test("KronrodRule (infinite): node layout and maps x = b ± (1-u)/u, and f(x) + f(-x) on (-∞, ∞)", () => {
  const two = new KronrodRule(GK15, 2, 123); // the bound is ignored on (-∞, ∞)
  assert.equal(two.evals, 30);
  const xs = new Float64Array(30);
  two.writeNodes(0, 1, xs, 0);
  assert.deepEqual([xs[0], xs[1]], [1, -1], "u = 1/2 is x = ±1");
  for (let i = 0; i < 30; i += 2) assert.equal(xs[i + 1], -xs[i]!);
  const upper = new KronrodRule(GK15, 1, 2), lower = new KronrodRule(GK15, -1, 2);
  const up = new Float64Array(15), down = new Float64Array(15);
  upper.writeNodes(0, 1, up, 0);
  lower.writeNodes(0, 1, down, 0);
  for (let i = 0; i < 15; i++) {
    assert.ok(up[i]! > 2 && down[i]! < 2);
    assert.ok(Math.abs(up[i]! - 2 - (2 - down[i]!)) < 1e-14);
  }
  // One application to e^{-x²}: already close to √π on the whole line.
  const fx = new Float64Array(30), out = new Float64Array(4);
  for (let i = 0; i < 30; i++) fx[i] = Math.exp(-(xs[i]! ** 2));
  two.apply(fx, 0, 0, 1, out);
  assert.ok(Math.abs(out[0]! - Math.sqrt(Math.PI)) < 1e-2);
  assert.ok(
    out[1]! > Math.abs(out[0]! - Math.sqrt(Math.PI)),
    "the error estimate covers the error",
  );
});
