/**
 * What the report tasks share: they run tests, then write what they measured to a Markdown file
 * of its own (docs/), formatted as `deno fmt` wants; the README links to it.
 * @module
 */

const ROOT = new URL("../", import.meta.url);

/** Deno version, CPU count and today's date, as both reports print them. */
export const STAMP = `Deno ${Deno.version.deno} · ${navigator.hardwareConcurrency} CPUs · ` +
  new Date().toISOString().slice(0, 10);

/** Runs `deno test -A` on `paths` without colors: whether it passed, and its standard output. */
export async function runTests(
  paths: string[],
  env: Record<string, string> = {},
): Promise<{ success: boolean; output: string }> {
  const { success, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", ...paths],
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "inherit",
  }).output();
  return { success, output: new TextDecoder().decode(stdout) };
}

/** Prints the end of the test output, then throws `message`: nothing is written. */
export function fail(output: string, message: string): never {
  console.error(output.split("\n").slice(-40).join("\n"));
  throw new Error(message);
}

/** Writes `doc` to `docPath`, formatted as `deno fmt` wants (tables go in as one line per row). */
export async function writeReport(docPath: string, doc: string): Promise<void> {
  const docUrl = new URL(docPath, ROOT);
  await Deno.writeTextFile(docUrl, doc);
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", docUrl.pathname] }).output();
}
