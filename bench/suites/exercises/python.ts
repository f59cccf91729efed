/**
 * The Python counterparts of the exercises, `bench/python/exercises/<name>.py --workers N
 * --seed S [--quick]`, each printing `{"python": "<version>", "timings": {"<figure>": s, ...}}`.
 *
 * @module
 */
import type { BenchSettings } from "../../../examples/_exercise.ts";
import { type Python, PYTHON_DIR, runPython } from "../../harness/python.ts";

/** The counterpart's path relative to the repository root. */
export function pythonScriptPath(name: string): string {
  return `bench/python/exercises/${name}.py`;
}

/** Whether the counterpart exists. */
export async function hasPythonCounterpart(name: string): Promise<boolean> {
  try {
    return (await Deno.stat(new URL(`exercises/${name}.py`, PYTHON_DIR))).isFile;
  } catch {
    return false;
  }
}

/** What a counterpart printed. */
export interface PythonOutput {
  readonly python: string;
  readonly timings: Record<string, number>;
}

/**
 * Checks the printed object's shape; throws with what is wrong.
 *
 * @example
 * ```ts
 * import { checkPythonOutput } from "./python.ts";
 * const out = checkPythonOutput({ python: "3.11.7", timings: { serial: 0.5 } });
 * if (out.timings.serial !== 0.5) throw new Error("timings");
 * ```
 */
export function checkPythonOutput(value: unknown): PythonOutput {
  const object = value as { python?: unknown; timings?: unknown } | null;
  if (object === null || typeof object !== "object" || typeof object.timings !== "object") {
    throw new Error(
      `printed ${JSON.stringify(value).slice(0, 200)}, not {"python": …, "timings": {…}}`,
    );
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

/** Runs the counterpart of `name` once; throws with its stderr when it fails or times out. */
export async function runPythonExercise(
  python: Python,
  name: string,
  settings: BenchSettings,
): Promise<PythonOutput> {
  const args = ["--workers", String(settings.workers), "--seed", String(settings.seed)];
  if (settings.quick) args.push("--quick");
  const printed = await runPython(python, `exercises/${name}.py`, args);
  try {
    return checkPythonOutput(printed);
  } catch (error) {
    throw new Error(`${pythonScriptPath(name)} ${error instanceof Error ? error.message : error}`);
  }
}
