// Runs a script in a child `deno` process: for cases that must not leave a worker in the test
// process (one spinning in a synchronous loop keeps a process alive for good, deno#35657).

/** What the child printed, and how it ended. */
export interface ChildOutcome {
  stdout: string;
  stderr: string;
  /** Exit code, or `null` if the child was killed at the deadline. */
  code: number | null;
}

/**
 * Runs `source` as a module next to this file. Stops reading when stdout contains `until` (then
 * kills the child) or when `timeoutMs` passes. `flags` are its permission flags (default `-A`).
 */
export async function runChild(
  source: string,
  options: { timeoutMs: number; until?: string; flags?: readonly string[] },
): Promise<ChildOutcome> {
  const dir = new URL(".", import.meta.url).pathname;
  const script = await Deno.makeTempFile({ dir, prefix: ".child_", suffix: ".ts" });
  await Deno.writeTextFile(script, source);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...options.flags ?? ["-A"], script],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  let stdout = "";
  let killed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    try {
      child.kill("SIGKILL");
    } catch {
      // Already exited.
    }
  };
  const timer = setTimeout(kill, options.timeoutMs);
  const decoder = new TextDecoder();
  const stderrText = new Response(child.stderr).text();
  for await (const bytes of child.stdout) {
    stdout += decoder.decode(bytes, { stream: true });
    if (options.until !== undefined && stdout.includes(options.until)) kill();
  }
  const status = await child.status;
  clearTimeout(timer);
  await Deno.remove(script);
  return { stdout, stderr: await stderrText, code: killed ? null : status.code };
}

/**
 * The JSON a child script printed on its `OUTCOME ` line (how these scripts report back);
 * throws, with the child's stderr, if it printed none.
 */
export function parseOutcome(stdout: string, stderr: string): unknown {
  const line = stdout.split("\n").find((text) => text.startsWith("OUTCOME "));
  if (line === undefined) throw new Error(`the child printed no outcome: ${stderr}`);
  return JSON.parse(line.slice("OUTCOME ".length));
}
