/**
 * The Python counterparts of the exercises, `bench/python/exercises/<name>.py --workers N
 * --seed S [--quick]`, each printing `{"python": "<version>", "timings": {"<figure>": s, ...}}`.
 * Like `runPython` of `../shared/python.ts` (whose scripts live one folder up), with a time
 * limit, a check of the printed shape, and the CPU time they take kept apart.
 *
 * @module
 */
import type { Python } from "../shared/python.ts";
import { cpuSnapshot } from "../env.ts";
import type { BenchSettings } from "../../../examples/_exercise.ts";

const ROOT = new URL("../../../", import.meta.url);

/** The counterpart's path relative to the repository root. */
export function pythonScriptPath(name: string): string {
  return `bench/python/exercises/${name}.py`;
}

/** Whether the counterpart exists. */
export async function hasPythonCounterpart(name: string): Promise<boolean> {
  try {
    return (await Deno.stat(new URL(pythonScriptPath(name), ROOT))).isFile;
  } catch {
    return false;
  }
}

/** What a counterpart printed. */
export interface PythonOutput {
  readonly python: string;
  readonly timings: Record<string, number>;
}

/** Checks the printed object's shape; throws with what is wrong. */
export function parsePythonOutput(text: string): PythonOutput {
  // The JSON object is the last non-empty line; anything before it is ignored.
  const line = text.trim().split("\n").filter((l) => l.trim() !== "").at(-1) ?? "";
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`printed no JSON: ${JSON.stringify(text.slice(0, 200))}`);
  }
  const object = value as { python?: unknown; timings?: unknown };
  if (object === null || typeof object !== "object" || typeof object.timings !== "object") {
    throw new Error(`printed ${line.slice(0, 200)}, not {"python": …, "timings": {…}}`);
  }
  const timings: Record<string, number> = {};
  for (const [name, seconds] of Object.entries(object.timings as Record<string, unknown>)) {
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
      throw new Error(`timing "${name}" is ${JSON.stringify(seconds)}, not seconds`);
    }
    timings[name] = seconds;
  }
  return { python: typeof object.python === "string" ? object.python : "unknown", timings };
}

// Clock ticks of all cores and of this process that passed during Python runs, so the Deno
// runs' "other processes' CPU use" can leave the Python processes out.
const spent = { total: 0, idle: 0, self: 0 };

/** Ticks (all cores' total and idle, this process's) that passed while Python ran. */
export function pythonTicks(): { total: number; idle: number; self: number } {
  return { ...spent };
}

/** Runs the counterpart of `name` once; throws with its stderr when it fails or times out. */
export async function runPythonExercise(
  python: Python,
  name: string,
  settings: BenchSettings,
  timeoutSeconds = 900,
): Promise<PythonOutput> {
  const script = decodeURIComponent(new URL(pythonScriptPath(name), ROOT).pathname);
  const args = [
    "-B",
    script,
    "--workers",
    String(settings.workers),
    "--seed",
    String(settings.seed),
  ];
  if (settings.quick) args.push("--quick");
  const before = cpuSnapshot();
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(python.executable, {
      args,
      cwd: ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
    }).output();
  } finally {
    const after = cpuSnapshot();
    if (before !== null && after !== null) {
      spent.total += after.total - before.total;
      spent.idle += after.idle - before.idle;
      spent.self += after.self - before.self;
    }
  }
  const stderr = new TextDecoder().decode(out.stderr).trim();
  if (out.signal !== null) {
    throw new Error(
      `${pythonScriptPath(name)} was stopped (${out.signal}, limit ${timeoutSeconds} s)`,
    );
  }
  if (!out.success) {
    const tail = stderr.split("\n").slice(-5).join("\n");
    throw new Error(`${pythonScriptPath(name)} exited with code ${out.code}: ${tail}`);
  }
  try {
    return parsePythonOutput(new TextDecoder().decode(out.stdout));
  } catch (error) {
    throw new Error(`${pythonScriptPath(name)} ${error instanceof Error ? error.message : error}`);
  }
}
