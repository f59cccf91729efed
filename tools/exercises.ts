/**
 * `deno task exercises [--quick]`: runs every example as its own `deno run -A` child, streaming
 * its output, then prints which passed and how long each took; exits 1 if any failed.
 * @module
 */
import { parseArgs } from "node:util";

/** An example: `script` is relative to the repository root; `quickArgs` replace `args` in `--quick`. */
export interface Exercise {
  name: string;
  script: string;
  args: string[];
  quickArgs?: string[];
}

/** `examples/<name>.ts`, run without arguments, or with `quickArgs` under `--quick`. */
function example(name: string, quickArgs?: string[]): Exercise {
  const script = `examples/${name}.ts`;
  return quickArgs === undefined
    ? { name, script, args: [] }
    : { name, script, args: [], quickArgs };
}

/** The exercises, in the order they run; add new examples here. */
export const EXERCISES: readonly Exercise[] = [
  example("threads_vs_processes", ["--points", "100000"]),
  example("process"),
  example("pool", ["--rows", "20000"]),
  example("shared_value", ["--times", "100000"]),
  example("shared_array", ["--sleep-scale", "0.02"]),
  example("pool_map", ["--sleep-scale", "0.02", "--busy"]),
  example("pipe", ["--sleep-scale", "0.02"]),
  example("quad", ["--sleep-scale", "0.02", "--quick"]),
  example("numpy_vs_jit", ["--quick"]),
  example("monte_carlo_pi", ["--quick"]),
  example("custom_function", ["--quick"]),
  example("where", ["--quick"]),
  example("dot", ["--quick"]),
];

if (import.meta.main) {
  const options = { quick: { type: "boolean", default: false } } as const;
  const { values } = parseArgs({ args: Deno.args, options });
  const width = Math.max("exercise".length, ...EXERCISES.map((e) => e.name.length));
  const row = (name: string, status: string, seconds: string): string =>
    `${name.padEnd(width)}  ${status.padEnd(6)}  ${seconds.padStart(7)}`;
  const rule = row("-".repeat(width), "------", "-------");
  const rows = [row("exercise", "status", "seconds"), rule];
  let failed = 0;
  let total = 0;
  // One after another (each uses every core), from the repository root (any working directory).
  for (const { name, script, args, quickArgs } of EXERCISES) {
    const given = values.quick ? quickArgs ?? args : args;
    console.log(`\n=== ${name}: deno run -A ${script} ${given.join(" ")}`.trimEnd());
    const started = performance.now();
    const cwd = new URL("../", import.meta.url);
    let code = -1;
    try {
      code = (await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", script, ...given],
        cwd,
        stdin: "null",
      }).spawn().status).code;
    } catch (error) {
      // A child that cannot even start is a failed exercise, not a reason to skip the rest.
      console.error(`could not start ${script}:`, error);
    }
    const seconds = (performance.now() - started) / 1000;
    total += seconds;
    if (code !== 0) failed++;
    const exit = code === 0 ? "" : `  (exit ${code})`;
    rows.push(row(name, code === 0 ? "ok" : "FAILED", seconds.toFixed(2)) + exit);
  }
  rows.push(rule, row("total", failed === 0 ? "ok" : `${failed} bad`, total.toFixed(2)));
  console.log(`\n${rows.join("\n")}`);
  Deno.exit(failed === 0 ? 0 : 1);
}
