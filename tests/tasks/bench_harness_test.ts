/**
 * Tests of the suites' harness (bench/harness/): statistics, figures and their printed line,
 * the Python scripts' output, the load share and the environment.
 */
import assert from "node:assert/strict";
import { environment } from "../../bench/harness/env.ts";
import { figure, formatFigure } from "../../bench/harness/figure.ts";
import { othersShare } from "../../bench/harness/load.ts";
import { lastJsonLine } from "../../bench/harness/python.ts";
import { median, roundTrips, type Stat } from "../../bench/harness/stats.ts";

const stat = (median: number): Stat => ({ median, min: median, max: median, samples: [median] });

Deno.test("median: the middle value, the mean of the two middle ones, NaN when empty", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([3, 1, 2, 10]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

Deno.test("roundTrips checks every trip and times it in µs", async () => {
  const trips = await roundTrips(3, (i) => Promise.resolve(i + 1), (i) => i + 1);
  assert.ok(trips.median >= 0 && trips.mean >= 0);
  await assert.rejects(
    roundTrips(3, (i) => Promise.resolve(i), () => 0),
    /round trip 1 returned 1/,
  );
});

Deno.test("figure: half the time is a 2× speed-up; a missing baseline leaves nothing to compare", () => {
  const base = figure({ id: "a", label: "a", unit: "s", summary: stat(2) });
  const f = figure({
    id: "b",
    label: "b",
    unit: "s",
    summary: stat(1),
    compare: [{ name: "a", figure: base }],
  });
  assert.equal(f.ratio, 2);
  assert.equal(f.baseline, "a");
  const alone = figure({
    id: "c",
    label: "c",
    unit: "s",
    summary: stat(1),
    compare: [{ name: "a", figure: null }],
  });
  assert.equal(alone.role, "nothing to compare with");
  const targeted = figure({
    id: "d",
    label: "d",
    unit: "µs",
    summary: stat(5),
    target: { kind: "max", value: 5 },
  });
  assert.equal(targeted.pass, true);
});

Deno.test("formatFigure: a rate with separators, (baseline) for a figure compared with nothing", () => {
  const summary = { median: 2e6, min: 1.9e6, max: 2.1e6, samples: [2e6] };
  const line = formatFigure(figure({ id: "x", label: "adds", unit: "increments/s", summary }));
  assert.ok(line.includes("2,000,000/s") && line.includes("[1,900,000 – 2,100,000]"), line);
  assert.ok(line.endsWith("(baseline)"), line);
});

Deno.test("lastJsonLine: the last non-empty line of a script's output, or an error", () => {
  assert.deepEqual(lastJsonLine('warming up\n{"python": "3.11"}\n\n'), { python: "3.11" });
  assert.throws(() => lastJsonLine("no json"), /printed no JSON/);
});

Deno.test("othersShare: busy time less this process's, as a share of all cores", () => {
  assert.equal(
    othersShare({ total: 0, idle: 0, self: 0 }, { total: 100, idle: 50, self: 30 }),
    0.2,
  );
  assert.equal(othersShare(null, { total: 100, idle: 50, self: 30 }), null);
});

Deno.test("environment describes this Deno", () => {
  assert.equal(environment().deno, Deno.version.deno);
});

Deno.test("formatFigure: a count of entries is a whole number against its bound, lower is better", () => {
  const f = figure({
    id: "tick.entries",
    label: "entries",
    unit: "entries",
    summary: stat(3),
    target: { kind: "max", value: 2 },
  });
  assert.equal(f.pass, false);
  const line = formatFigure(f);
  assert.ok(line.includes("3 entries") && line.includes("≤ 2 entries MISS"), line);
});
