/**
 * Runs every example as its own `deno run -A` child, streaming its output, and ends with a table
 * of which passed and how long each took. Exits 1 if any failed.
 *
 * Run: `deno task exercises [--quick]`; `--quick` shrinks the slow examples' inputs.
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

/** Outcome of one exercise. */
export interface Outcome {
  /** The exercise's name. */
  name: string;
  /** Whether the child exited with code 0. */
  ok: boolean;
  /** The child's exit code. */
  code: number;
  /** Wall-clock time of the child, in seconds. */
  seconds: number;
}

/** The exercises, in the order they run; add new examples here. */
export const EXERCISES: readonly Exercise[] = [
  {
    name: "threads_vs_processes",
    script: "examples/threads_vs_processes.ts",
    args: [],
    quickArgs: ["--points", "100000"],
  },
  { name: "process", script: "examples/process.ts", args: [] },
  { name: "pool", script: "examples/pool.ts", args: [], quickArgs: ["--rows", "20000"] },
  {
    name: "shared_value",
    script: "examples/shared_value.ts",
    args: [],
    quickArgs: ["--times", "100000"],
  },
  {
    name: "shared_array",
    script: "examples/shared_array.ts",
    args: [],
    quickArgs: ["--sleep-scale", "0.02"],
  },
  {
    name: "pool_map",
    script: "examples/pool_map.ts",
    args: [],
    quickArgs: ["--sleep-scale", "0.02", "--busy"],
  },
  { name: "pipe", script: "examples/pipe.ts", args: [], quickArgs: ["--sleep-scale", "0.02"] },
  {
    name: "quad",
    script: "examples/quad.ts",
    args: [],
    quickArgs: ["--sleep-scale", "0.02", "--quick"],
  },
  {
    name: "numpy_vs_jit",
    script: "examples/numpy_vs_jit.ts",
    args: [],
    quickArgs: ["--quick"],
  },
  {
    name: "custom_function",
    script: "examples/custom_function.ts",
    args: [],
    quickArgs: ["--quick"],
  },
  { name: "where", script: "examples/where.ts", args: [], quickArgs: ["--quick"] },
  { name: "dot", script: "examples/dot.ts", args: [], quickArgs: ["--quick"] },
];

// Scripts are resolved from this file, so the task works from any working directory.
const ROOT = new URL("../", import.meta.url);

/** Runs one exercise with inherited stdio, so its output streams as it is produced. */
export async function runExercise(exercise: Exercise, quick: boolean): Promise<Outcome> {
  const args = quick && exercise.quickArgs !== undefined ? exercise.quickArgs : exercise.args;
  const script = new URL(exercise.script, ROOT);
  console.log(`\n=== ${exercise.name}: deno run -A ${exercise.script} ${args.join(" ")}`.trimEnd());
  const start = performance.now();
  let code: number;
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script.href, ...args],
      cwd: ROOT,
      stdin: "null",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    code = (await child.status).code;
  } catch (error) {
    // A child that cannot even start is a failed exercise, not a reason to skip the rest.
    console.error(`could not start ${exercise.script}:`, error);
    code = -1;
  }
  const seconds = (performance.now() - start) / 1000;
  return { name: exercise.name, ok: code === 0, code, seconds };
}

/** The summary table: one row per exercise, then a total. */
export function summary(outcomes: readonly Outcome[]): string {
  const width = Math.max("exercise".length, ...outcomes.map((o) => o.name.length));
  const line = (name: string, status: string, seconds: string): string =>
    `${name.padEnd(width)}  ${status.padEnd(6)}  ${seconds.padStart(7)}`;
  const total = outcomes.reduce((sum, o) => sum + o.seconds, 0);
  const failed = outcomes.filter((o) => !o.ok).length;
  return [
    line("exercise", "status", "seconds"),
    line("-".repeat(width), "------", "-------"),
    ...outcomes.map((o) =>
      line(o.name, o.ok ? "ok" : "FAILED", o.seconds.toFixed(2)) +
      (o.ok ? "" : `  (exit ${o.code})`)
    ),
    line("-".repeat(width), "------", "-------"),
    line("total", failed === 0 ? "ok" : `${failed} bad`, total.toFixed(2)),
  ].join("\n");
}

/** Runs all exercises one after another (they each use every core) and returns the exit code. */
export async function main(args: string[] = Deno.args): Promise<number> {
  const { values } = parseArgs({ args, options: { quick: { type: "boolean", default: false } } });
  const outcomes: Outcome[] = [];
  for (const exercise of EXERCISES) outcomes.push(await runExercise(exercise, values.quick));
  console.log(`\n${summary(outcomes)}`);
  return outcomes.every((o) => o.ok) ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main());
