/**
 * Runs the scripts of `bench/python/` with `python3`; each prints one JSON object as its last
 * line. Their CPU time is kept out of the load figures (`load.ts`).
 * @module
 */
import { notLoad } from "./load.ts";

/** The interpreter found on PATH. */
export interface Python {
  readonly executable: string;
  readonly version: string;
}

/** The folder of the Python scripts. */
export const PYTHON_DIR = new URL("../python/", import.meta.url);

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes).trim();

/** `python3` from PATH with its version, or null if there is none (or it does not run). */
export async function findPython(executable = "python3"): Promise<Python | null> {
  const args = ["-c", "import platform, sys; print(platform.python_version(), sys.executable)"];
  try {
    const out = await new Deno.Command(executable, { args, stderr: "null" }).output();
    if (!out.success) return null;
    const [version = "", ...path] = decode(out.stdout).split(" ");
    return { executable: path.join(" ") || executable, version };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/** The JSON object of a script's last non-empty line; throws when there is none. */
export function lastJsonLine(text: string): unknown {
  const line = text.split("\n").findLast((l) => l.trim() !== "") ?? "";
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`printed no JSON: ${JSON.stringify(text.slice(0, 200))}`);
  }
}

/** The JSON last line of `bench/python/<script>`; throws with its stderr or when it times out. */
export async function runPython<T = unknown>(
  python: Python,
  script: string,
  args: readonly string[],
  timeoutSeconds = 900,
): Promise<T> {
  const where = `bench/python/${script}`;
  const out = await notLoad(() =>
    new Deno.Command(python.executable, {
      // -B: no __pycache__ in the repository.
      args: ["-B", decodeURIComponent(new URL(script, PYTHON_DIR).pathname), ...args],
      cwd: new URL("../../", import.meta.url),
      stdin: "null",
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
    }).output()
  );
  const tail = decode(out.stderr).split("\n").slice(-5).join("\n");
  if (out.signal !== null) {
    throw new Error(`${where} was stopped (${out.signal}, limit ${timeoutSeconds} s)`);
  }
  if (!out.success) throw new Error(`${where} exited with code ${out.code}: ${tail}`);
  try {
    return lastJsonLine(decode(out.stdout)) as T;
  } catch (error) {
    throw new Error(`${where} ${error instanceof Error ? error.message : error}`);
  }
}

/** The note a section prints when it has no Python figure. */
export function pythonMissingNote(what: string): string {
  return `python3 not found on PATH: the Python ${what} baseline was skipped`;
}

/** What the scripts that measure one figure print: it and the round trips' mean, run by run. */
export interface PythonSamples {
  readonly python: string;
  readonly start_method: string;
  readonly samples: number[];
  readonly means?: number[];
}

/** Runs a script of `bench/python/` that prints {@linkcode PythonSamples}, given `--name value`. */
export function runPythonSamples(
  python: Python,
  script: string,
  values: Record<string, string | number>,
): Promise<PythonSamples> {
  const flags = Object.entries(values).flatMap(([name, value]) => [`--${name}`, String(value)]);
  return runPython<PythonSamples>(python, script, flags);
}
