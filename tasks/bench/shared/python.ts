/**
 * The Python baselines: finds `python3` and runs the scripts in `bench/python/`, each of which
 * makes its own warm-up and measured runs and prints one JSON object on stdout. Without
 * `python3` the sections skip their Python figure and say so.
 *
 * @module
 */
import { cpuSnapshot } from "../env.ts";

/** The interpreter found on PATH. */
export interface Python {
  readonly executable: string;
  readonly version: string;
}

const SCRIPTS = new URL("../../../bench/python/", import.meta.url);

// /proc/stat and /proc/self/stat time spent while Python scripts ran, so that the report's
// "other processes' CPU use" can leave out Python's own processes.
const spent = { total: 0, idle: 0, self: 0 };

/** Clock ticks of all cores (total, idle) and of this process that passed during Python runs. */
export function pythonCpu(): {
  readonly total: number;
  readonly idle: number;
  readonly self: number;
} {
  return { ...spent };
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes).trim();
}

/** `python3` from PATH with its version, or null if there is none (or it does not run). */
export async function findPython(executable = "python3"): Promise<Python | null> {
  try {
    const out = await new Deno.Command(executable, {
      args: ["-c", "import platform, sys; print(platform.python_version(), sys.executable)"],
      stdout: "piped",
      stderr: "null",
    }).output();
    if (!out.success) return null;
    const [version = "", ...path] = decode(out.stdout).split(" ");
    return { executable: path.join(" ") || executable, version };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/**
 * Runs `bench/python/<script>` with `args` and returns the JSON it printed. `-B`: no
 * `__pycache__` is written into the repository. Throws with the script's stderr if it fails.
 */
export async function runPython<T>(python: Python, script: string, args: string[]): Promise<T> {
  const path = decodeURIComponent(new URL(script, SCRIPTS).pathname);
  const before = cpuSnapshot();
  const out = await new Deno.Command(python.executable, {
    args: ["-B", path, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const after = cpuSnapshot();
  if (before !== null && after !== null) {
    spent.total += after.total - before.total;
    spent.idle += after.idle - before.idle;
    spent.self += after.self - before.self;
  }
  if (!out.success) {
    throw new Error(`python3 ${script} exited with code ${out.code}: ${decode(out.stderr)}`);
  }
  const text = decode(out.stdout);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`python3 ${script} printed no JSON: ${text.slice(0, 200)}`);
  }
}

/** The note a section prints when it has no Python figure. */
export function pythonMissingNote(what: string): string {
  return `python3 not found on PATH: the Python ${what} baseline was skipped`;
}
