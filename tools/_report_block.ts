/**
 * What the report tasks share: they run tests, then write what they measured to a Markdown file
 * of its own and into the README between a pair of markers, formatted as `deno fmt` wants.
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

/** Writes `doc` to `docPath`, and `block` between the README's `<!-- name:start/end -->` markers. */
export async function writeReport(
  name: string,
  block: string,
  docPath: string,
  doc: string,
): Promise<void> {
  const [readmeUrl, docUrl] = [new URL("README.md", ROOT), new URL(docPath, ROOT)];
  const markers = new RegExp(`(<!-- ${name}:start -->)[^]*?(?=<!-- ${name}:end -->)`);
  const readme = await Deno.readTextFile(readmeUrl);
  if (!markers.test(readme)) {
    throw new Error(`README.md needs the markers <!-- ${name}:start/end -->`);
  }
  await Deno.writeTextFile(docUrl, doc);
  await Deno.writeTextFile(
    readmeUrl,
    readme.replace(markers, (_, start) => `${start}\n${block}\n`),
  );
  // Tables go in as one line per row; deno fmt aligns them.
  const files = [readmeUrl.pathname, docUrl.pathname];
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", ...files] }).output();
}
