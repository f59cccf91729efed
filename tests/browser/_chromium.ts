/**
 * Headless Chromium for the browser test: where it is, the
 * flags it needs on a machine with a closed network and no display, and running it so that
 * neither a hung browser nor a helper process it leaves behind can hold the caller.
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

/** A pipe read to its end, or only as far as it got when `stop()` is called. */
function collect(stream: ReadableStream<Uint8Array>): {
  done: Promise<string>;
  stop(): Promise<string>;
} {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  const text = () => {
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) bytes.set(c, (at += c.length) - c.length);
    return new TextDecoder().decode(bytes);
  };
  const done = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return text();
      chunks.push(value);
    }
  })();
  return {
    done,
    async stop() {
      await reader.cancel().catch(() => {});
      await done.catch(() => {});
      return text();
    },
  };
}

/** How long the pipes may stay open after Chromium exits (held by a process it left behind). */
const PIPE_GRACE_MS = 2000;

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
  const stderr = collect(process.stderr);
  return {
    process,
    stderr: stderr.done,
    async [Symbol.asyncDispose]() {
      try {
        process.kill("SIGKILL");
      } catch {
        // It had ended.
      }
      await process.status;
      // A helper process Chromium left behind may hold stderr open: read no longer than the grace.
      let grace: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        stderr.done,
        new Promise((resolve) => grace = setTimeout(resolve, PIPE_GRACE_MS)),
      ]);
      clearTimeout(grace);
      await stderr.stop();
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}
