import assert from "node:assert/strict";
import type { ExerciseBenchmark } from "../examples/_exercise.ts";
import { EXERCISES } from "../tools/exercises.ts";

const ROOT = new URL("../", import.meta.url);

for (const exercise of EXERCISES) {
  Deno.test(`example ${exercise.script} runs to completion with its quick inputs`, async () => {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", exercise.script, ...(exercise.quickArgs ?? exercise.args)],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(output.stdout);
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, `${exercise.script} failed:\n${stdout}\n${stderr}`);
    assert.ok(stdout.length > 0, "the example printed its answer");
  });
}

Deno.test("example pool.ts: every Pool method agrees with the serial count", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "examples/pool.ts", "--rows", "5000", "--workers", "2"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  assert.match(stdout, /all methods agree on all 5000 rows/);
  for (const method of ["apply", "map", "starmap", "applyAsync", "starmapAsync", "mapAsync"]) {
    assert.match(stdout, new RegExp(`^${method}`, "m"), `${method} is shown`);
  }
});

for (const exercise of EXERCISES) {
  Deno.test(`example ${exercise.script} exports a benchmark whose quick run returns seconds`, async () => {
    const module = await import(new URL(exercise.script, ROOT).href) as {
      benchmark?: ExerciseBenchmark;
    };
    const benchmark = module.benchmark;
    assert.ok(benchmark !== undefined, `${exercise.script} exports benchmark`);
    // The sanitizers then check that the run left no timer, worker or child process behind.
    const figures = await benchmark.run({ workers: 2, quick: true, seed: 0 });
    assert.ok(Object.keys(figures).length > 0, "at least one figure");
    for (const [figure, seconds] of Object.entries(figures)) {
      assert.ok(Number.isFinite(seconds) && seconds >= 0, `${figure}: ${seconds} is not seconds`);
    }
    for (const figure of [benchmark.parallelFigure, benchmark.serialFigure]) {
      if (figure !== undefined) assert.ok(figure in figures, `${figure} is among the figures`);
    }
    // A parallel figure can be measured slower than the serial one; the summary then says why.
    if (benchmark.parallelFigure !== undefined) {
      const why = benchmark.whySlowerInParallel;
      assert.ok(typeof why === "string" && why.length >= 40, `${exercise.script} says why`);
    }
  });
}
