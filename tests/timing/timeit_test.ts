import assert from "node:assert/strict";
import { formatG, formatTime } from "../../lib/timing/format_time.ts";
import { timeit, timeitAsync, TimeitResult } from "../../lib/timing/timeit.ts";

// Expected strings are what Python prints for the same values: `"%.3g" % v` and IPython 8's
// `IPython.core.magics.execution._format_time(v)`.
Deno.test("formatG() prints as C's %.3g: significant digits, no trailing zeros, exponent form", () => {
  const cases: [number, string][] = [
    [7.14, "7.14"],
    [7.1, "7.1"],
    [683.24, "683"],
    [999.6, "1e+03"],
    [1234.5, "1.23e+03"],
    [0.000123456, "0.000123"],
    [0.0000123456, "1.23e-05"],
    [100, "100"],
    [0, "0"],
  ];
  for (const [value, text] of cases) assert.equal(formatG(value, 3), text, `%.3g of ${value}`);
});

Deno.test("formatTime() picks the unit as %timeit does, and minutes past 60 s", () => {
  const cases: [number, string][] = [
    [0.00714, "7.14 ms"],
    [0.000683, "683 µs"],
    [1.55e-6, "1.55 µs"],
    [8.6e-7, "860 ns"],
    [2.5e-10, "0.25 ns"],
    [0, "0 ns"],
    [2.5, "2.5 s"],
    [59.9, "59.9 s"],
    [65, "1min 5s"],
    [3725, "1h 2min 5s"],
  ];
  for (const [seconds, text] of cases) assert.equal(formatTime(seconds), text, `${seconds} s`);
});

Deno.test("TimeitResult computes IPython's mean and population standard deviation per loop", () => {
  const result = new TimeitResult(100, [0.7, 0.8, 0.9]);
  assert.deepEqual(result.timings.map((t) => Number(t.toPrecision(12))), [0.007, 0.008, 0.009]);
  assert.ok(Math.abs(result.average - 0.008) < 1e-15);
  assert.ok(Math.abs(result.stdev - Math.sqrt(2e-6 / 3)) < 1e-15);
  assert.equal(
    String(result),
    "8 ms ± 816 µs per loop (mean ± std. dev. of 3 runs, 100 loops each)",
  );
});

Deno.test("timeit() raises the loop count by tens until a run takes 0.2 s, as %timeit", () => {
  let calls = 0;
  // Each call busy-waits 0.5 ms: 1, 10 and 100 loops (50 ms) run under 0.2 s, 1000 over it.
  const result = timeit(() => {
    calls++;
    const end = performance.now() + 0.5;
    while (performance.now() < end) { /* busy */ }
  }, { repeat: 2, quiet: true });
  assert.equal(result.loops, 1000, "0.5 ms calls: 1, 10, 100 (50 ms) then 1000 loops");
  assert.equal(result.repeat, 2);
  assert.equal(calls, 1 + 10 + 100 + 1000 + 2 * 1000);
  assert.ok(result.best >= 0.0005 && result.best < 0.01, `best ${result.best} s per call`);
});

Deno.test("timeit() and timeitAsync() take number and repeat, and reject bad counts", async () => {
  let calls = 0;
  const sync = timeit(() => calls++, { number: 5, repeat: 3, quiet: true });
  assert.equal(calls, 15);
  assert.equal(sync.allRuns.length, 3);
  let awaited = 0;
  const result = await timeitAsync(async () => {
    await Promise.resolve();
    awaited++;
  }, { number: 4, repeat: 2, quiet: true });
  assert.equal(awaited, 8);
  assert.equal(result.loops, 4);
  assert.throws(() => timeit(() => 0, { number: 0 }), /number to be an integer >= 1, received 0/);
  assert.throws(() => timeit(() => 0, { repeat: 1.5 }), /repeat to be an integer >= 1/);
});
