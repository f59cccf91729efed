// Runs a `deno` command (or a compiled binary) as a child process with a time limit, for the
// packaging tests: loading the library by URL, and `deno compile`.

/** What the child printed, and how it ended. */
export interface RunOutcome {
  stdout: string;
  stderr: string;
  /** Exit code, or `null` if the child was killed at the deadline. */
  code: number | null;
}

/**
 * Runs `command` (default: this `deno`) with `args` in `cwd`, its stdin closed; kills it with
 * SIGKILL after `timeoutMs`. The environment is this process's, plus `NO_COLOR=1` and `env`.
 */
export async function runCommand(
  args: string[],
  options: { cwd: string; timeoutMs: number; env?: Record<string, string>; command?: string },
): Promise<RunOutcome> {
  const child = new Deno.Command(options.command ?? Deno.execPath(), {
    args,
    cwd: options.cwd,
    env: { NO_COLOR: "1", ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    try {
      child.kill("SIGKILL");
    } catch {
      // It has just exited.
    }
  }, options.timeoutMs);
  try {
    const { code, stdout, stderr } = await child.output();
    const decoder = new TextDecoder();
    return {
      stdout: decoder.decode(stdout),
      stderr: decoder.decode(stderr),
      code: killed ? null : code,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The last non-empty line of `outcome`'s stdout parsed as JSON; throws with all output if not. */
export function lastJsonLine(outcome: RunOutcome, what: string): Record<string, unknown> {
  const line = outcome.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(
      `${what} ${
        outcome.code === null ? "was killed at its time limit" : `exited with code ${outcome.code}`
      } without printing its JSON result line.\nstdout:\n${outcome.stdout}\nstderr:\n${outcome.stderr}`,
    );
  }
}
