// The package's public entry points, read from deno.json, for the packaging tests.

const ROOT = new URL("../../", import.meta.url);

/** The files of deno.json's exports, `.` first: what JSR documents and what a user imports. */
export async function exportedFiles(): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  return Object.values(config.exports as Record<string, string>).map((path) =>
    path.replace(/^\.\//, "")
  );
}
