// A script in its own `deno` process that the test can signal: it prints `READY <pids>` once its
// pool's children are up, the test does something to it, then reads how it ended.

const MOD = new URL("../../mod.ts", import.meta.url).href;

/** A started script. */
export interface Script {
  readonly pid: number;
  /** The numbers the script printed after `READY`. */
  readonly ready: number[];
  /** Waits (at most `timeoutMs`, then kills it) for the end; exit code `null` if killed. */
  finish(timeoutMs: number): Promise<{ code: number | null; signal: string | null; out: string }>;
}

/** `source` may use `MOD` for the library's URL. Rejects if it does not print READY in time. */
export async function startScript(source: string, timeoutMs = 30_000): Promise<Script> {
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(file, source.replaceAll("MOD", MOD));
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", file],
    stdout: "piped",
    stderr: "inherit",
    env: { NO_COLOR: "1" },
  }).spawn();
  const decoder = new TextDecoder();
  let out = "";
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }, timeoutMs);
  let seeReady: (line: string | null) => void = () => {};
  const readyLine = new Promise<string | null>((resolve) => seeReady = resolve);
  const reading = (async () => {
    for await (const bytes of child.stdout) {
      out += decoder.decode(bytes, { stream: true });
      const match = out.match(/READY([ \d]*)\n/);
      if (match) seeReady(match[1]!);
    }
    seeReady(null);
  })();
  const line = await readyLine;
  if (line === null) {
    clearTimeout(timer);
    await child.status;
    await Deno.remove(file);
    throw new Error(`the script ended before READY; it printed: ${out}`);
  }
  return {
    pid: child.pid,
    ready: line.trim().split(/\s+/).filter((s) => s !== "").map(Number),
    async finish(limitMs: number) {
      const limit = setTimeout(() => {
        timedOut = true;
        try {
          child.kill("SIGKILL");
        } catch {
          // Already gone.
        }
      }, limitMs);
      const status = await child.status;
      await reading;
      clearTimeout(limit);
      clearTimeout(timer);
      await Deno.remove(file);
      return { code: timedOut ? null : status.code, signal: status.signal, out };
    },
  };
}

/** Whether an OS process runs (a zombie, state Z, has exited and counts as gone). */
export function processAlive(osPid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${osPid}/stat`);
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

/** Waits up to `limitMs` for `osPid` to be gone; returns how long it took, or `null`. */
export async function waitGone(osPid: number, limitMs: number): Promise<number | null> {
  const start = performance.now();
  while (performance.now() - start < limitMs) {
    if (!processAlive(osPid)) return Math.round(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}
