// A new user's first minutes, from an empty folder with its own deno.json: the library added by
// the README's lines (a local checkout with an import map; a URL, served here on 127.0.0.1), the
// README's quick start run with only the permissions the README lists for a thread pool.
import assert from "node:assert/strict";
import { runCommand } from "./_run_deno.ts";
import { serveRepository } from "../_serve_repository.ts";

const ROOT = new URL("../../", import.meta.url);
const README = Deno.readTextFileSync(new URL("README.md", ROOT));
const TIME_LIMIT_MS = 60_000;

/** The first fenced block of `language` after the heading `heading` in the README. */
function readmeBlock(heading: string, language: string): string {
  const section = README.slice(README.indexOf(`## ${heading}\n`));
  const match = new RegExp("```" + language + "\\n([^]*?)```").exec(section);
  assert.ok(match !== null, `no ${language} block under "${heading}"`);
  return match[1]!.split("\n").map((line) => line.replace(/^ {2}/, "")).join("\n");
}

const QUICK_START = readmeBlock("Quick start", "ts");
const IMPORT_MAP = JSON.parse(readmeBlock("Add it to a project", "json"));

/** The quick start's output: its two printed lines. */
function assertQuickStartOutput(stdout: string, stderr: string): void {
  const lines = stdout.trim().split("\n");
  assert.deepEqual(lines, ["[ 1, 3 ]", "[ 1, 4, 9 ]"], `stdout:\n${stdout}\nstderr:\n${stderr}`);
}

Deno.test("the quick start runs in a new project that adds a checkout by the README's import map", async () => {
  const parent = await Deno.makeTempDir({ prefix: "multiproc_new_user_" });
  try {
    // Beside the project, as `../multiproc` in the README's map.
    await Deno.symlink(new URL(".", ROOT).pathname, `${parent}/multiproc`);
    const project = `${parent}/app`;
    await Deno.mkdir(project);
    await Deno.writeTextFile(`${project}/deno.json`, JSON.stringify(IMPORT_MAP));
    await Deno.writeTextFile(
      `${project}/main.ts`,
      QUICK_START.replace(/from "\.\/mod\.ts"/, 'from "multiproc"'),
    );
    // The README's line for a thread pool: read the library's folder and the project's.
    const { code, stdout, stderr } = await runCommand(
      ["run", "--no-prompt", "--allow-read=../multiproc,.", "main.ts"],
      { cwd: project, timeoutMs: TIME_LIMIT_MS },
    );
    assert.equal(code, 0, stderr);
    assertQuickStartOutput(stdout, stderr);
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("the quick start runs in a new project that imports the library by URL", async () => {
  const { server, origin } = serveRepository();
  const project = await Deno.makeTempDir({ prefix: "multiproc_new_user_url_" });
  try {
    const host = new URL(origin).host;
    await Deno.writeTextFile(`${project}/deno.json`, "{}");
    await Deno.writeTextFile(
      `${project}/main.ts`,
      QUICK_START.replace(/from "\.\/mod\.ts"/, `from "http://${host}/mod.ts"`),
    );
    // By URL: --allow-import of the host instead of reading the library's folder.
    const { code, stdout, stderr } = await runCommand(
      ["run", "--no-prompt", `--allow-import=${host}`, "--allow-read=.", "main.ts"],
      { cwd: project, timeoutMs: TIME_LIMIT_MS },
    );
    assert.equal(code, 0, stderr);
    assertQuickStartOutput(stdout, stderr);
  } finally {
    await server.shutdown();
    await Deno.remove(project, { recursive: true });
  }
});
