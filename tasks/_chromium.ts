/**
 * Headless Chromium for the browser test and the benchmark page's screenshot: where it is, and
 * the flags it needs on a machine with a closed network and no display.
 *
 * @module
 */

/** Flags for every run: headless, as root, and with no background connections, which a closed
 * network refuses by the dozen. */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** The Chromium binary: `$CHROMIUM`, else Debian's `/usr/bin/chromium`, else `chromium` on
 * PATH; `null` when there is none. */
export function findChromium(): string | null {
  const candidates = [Deno.env.get("CHROMIUM"), "/usr/bin/chromium"];
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (dir !== "") candidates.push(`${dir}/chromium`, `${dir}/chromium-browser`);
  }
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === "") continue;
    try {
      if (Deno.statSync(candidate).isFile) return candidate;
    } catch {
      // Not there: try the next.
    }
  }
  return null;
}

/** A running Chromium, killed and its profile removed when disposed. */
export interface ChromiumRun extends AsyncDisposable {
  readonly process: Deno.ChildProcess;
  /** Everything Chromium wrote to stderr, once it has ended. */
  readonly stderr: Promise<string>;
}

/** Starts `chromium` with a fresh profile on `args` (URL last). */
export async function startChromium(
  chromium: string,
  args: readonly string[],
): Promise<ChromiumRun> {
  const profile = await Deno.makeTempDir({ prefix: "multiproc-chromium-" });
  const process = new Deno.Command(chromium, {
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, ...args],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(process.stderr).text();
  return {
    process,
    stderr,
    async [Symbol.asyncDispose]() {
      try {
        process.kill("SIGKILL");
      } catch {
        // It had ended.
      }
      await process.status;
      await stderr;
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}
