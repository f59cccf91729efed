/**
 * `deno task exercises [--quick]`: runs every example as its own `deno run -A` child, streaming
 * its output, then prints which passed and how long each took; exits 1 if any failed. `--quick`
 * shrinks the slow examples' inputs.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** One example script and how to run it. */
export interface Exercise {
  /** Short name shown in the summary. */
  name: string;
  /** Path of the script, relative to the repository root. */
  script: string;
  /** Arguments for a normal run. */
  args: string[];
  /** Arguments for `--quick` (replacing `args`); omit to run the same as normally. */
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
  example("custom_function", ["--quick"]),
  example("where", ["--quick"]),
  example("dot", ["--quick"]),
];

// Scripts are resolved from this file, so the task works from any working directory.
const ROOT = new URL("../", import.meta.url);

/** Runs one exercise with inherited stdio; its exit code, or -1 when it could not start. */
async function run(exercise: Exercise, quick: boolean): Promise<number> {
  const args = quick && exercise.quickArgs !== undefined ? exercise.quickArgs : exercise.args;
  console.log(`\n=== ${exercise.name}: deno run -A ${exercise.script} ${args.join(" ")}`.trimEnd());
  try {
    return (await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL(exercise.script, ROOT).href, ...args],
      cwd: ROOT,
      stdin: "null",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn().status).code;
  } catch (error) {
    // A child that cannot even start is a failed exercise, not a reason to skip the rest.
    console.error(`could not start ${exercise.script}:`, error);
    return -1;
  }
}

/** Runs the exercises one after another (each uses every core), then prints the table. */
async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { quick: { type: "boolean", default: false } } });
  const width = Math.max("exercise".length, ...EXERCISES.map((e) => e.name.length));
  const row = (name: string, status: string, seconds: string): string =>
    `${name.padEnd(width)}  ${status.padEnd(6)}  ${seconds.padStart(7)}`;
  const rule = row("-".repeat(width), "------", "-------");
  const rows = [row("exercise", "status", "seconds"), rule];
  let failed = 0;
  let total = 0;
  for (const exercise of EXERCISES) {
    const started = performance.now();
    const code = await run(exercise, values.quick);
    const seconds = (performance.now() - started) / 1000;
    total += seconds;
    if (code !== 0) failed++;
    const status = code === 0 ? "ok" : "FAILED";
    rows.push(
      row(exercise.name, status, seconds.toFixed(2)) + (code === 0 ? "" : `  (exit ${code})`),
    );
  }
  rows.push(rule, row("total", failed === 0 ? "ok" : `${failed} bad`, total.toFixed(2)));
  console.log(`\n${rows.join("\n")}`);
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
