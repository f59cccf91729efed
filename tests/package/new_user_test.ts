// A new user's first minutes, from an empty folder with its own deno.json: the library added by
// the README's lines (a local checkout with an import map; a URL, served here on 127.0.0.1), the
// README's quick start run with only the permissions the README lists for a thread pool, and
// recipes copied into the project run with only the flags README's Permissions table lists.
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

/**
 * The `--allow-*` flags the README's Permissions table lists in the row whose first cell starts
 * with `row`: names only, of its first way (before "; or"), without its notes in parentheses
 * (what to write when importing by URL, a flag that would not do).
 */
function readmePermissionFlags(row: string): Set<string> {
  const line = README.split("\n").find((text) => text.startsWith(`| ${row}`));
  assert.ok(line !== undefined, `README's Permissions table has no row "${row}"`);
  const needs = line.split(" | ")[1]!.replace(/\([^)]*\)/g, "").split("; or ")[0]!;
  return new Set([...needs.matchAll(/`(--allow-[a-z]+)[^`]*`/g)].map((match) => match[1]!));
}

/**
 * Makes `<tmp>/multiproc` (this checkout), `<tmp>/tmp` (the children's TMPDIR) and `<tmp>/app`
 * with the README's deno.json plus `config`, and the recipe `name` copied into `app/<folder>`
 * with its import of the library rewritten to the README's specifier; runs it with the flags
 * the README lists, scoped as `scopes` says. Returns its output lines.
 */
async function runRecipeInNewProject(
  name: string,
  options: {
    rows: string[];
    scopes: Record<string, string>;
    folder: string;
    config?: object;
    rewrite?: Record<string, string>;
  },
): Promise<{ lines: string[]; recipeBytes: number; configBytes: number }> {
  const flags = new Set(options.rows.flatMap((row) => [...readmePermissionFlags(row)]));
  const unknown = [...flags].filter((flag) => !(flag in options.scopes));
  assert.deepEqual(unknown, [], "README lists flags this test does not know the scope of");
  const parent = await Deno.makeTempDir({ prefix: "multiproc_new_user_recipe_" });
  try {
    await Deno.symlink(new URL(".", ROOT).pathname, `${parent}/multiproc`);
    await Deno.mkdir(`${parent}/tmp`);
    const project = `${parent}/app`;
    await Deno.mkdir(project);
    if (options.folder !== ".") await Deno.mkdir(`${project}/${options.folder}`);
    const config = JSON.stringify({ ...IMPORT_MAP, ...options.config });
    await Deno.writeTextFile(`${project}/deno.json`, config);
    const recipe = Deno.readTextFileSync(new URL(`examples/recipes/${name}`, ROOT));
    assert.match(recipe, /from "\.\.\/\.\.\/mod\.ts"/);
    const script = `${options.folder}/${name}`;
    let text = recipe.replace(/from "\.\.\/\.\.\/mod\.ts"/, 'from "multiproc"');
    for (const [from, to] of Object.entries(options.rewrite ?? {})) {
      assert.ok(text.includes(from), `${name} has no ${from}`);
      text = text.replaceAll(from, to);
    }
    await Deno.writeTextFile(`${project}/${script}`, text);
    const args = [...flags].map((flag) => options.scopes[flag]!);
    const { code, stdout, stderr } = await runCommand(["run", ...args, script], {
      cwd: project,
      env: { TMPDIR: `${parent}/tmp` },
      timeoutMs: TIME_LIMIT_MS,
    });
    assert.equal(code, 0, `${name} with ${args.join(" ")}:\n${stdout}\n${stderr}`);
    const bytes = (text: string): number => new TextEncoder().encode(text).length;
    return {
      lines: stdout.trimEnd().split("\n"),
      recipeBytes: bytes(text),
      configBytes: bytes(config),
    };
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
}

Deno.test("the untrusted-code recipe runs in a new project with only the README's process pool flags", async () => {
  const { lines } = await runRecipeInNewProject("untrusted_code.ts", {
    rows: ["a `Pool` or `Process` (worker threads)", '`isolation: "process"`'],
    // The library beside the project, the project (its deno.json), the children's TMPDIR.
    scopes: {
      "--allow-read": "--allow-read=../multiproc,.,../tmp",
      "--allow-write": "--allow-write=../tmp",
      "--allow-run": "--allow-run",
      "--allow-net": "--allow-net",
    },
    folder: ".",
  });
  assert.deepEqual(lines, [
    "read /etc/passwd: NotCapable",
    "exit the process: WorkerDiedError",
    "loop for ever: TimeoutError",
    `compute 6 * 7: ${6 * 7}`,
  ]);
});

Deno.test("the least-privilege recipe runs in a new project whose deno.json enables worker options", async () => {
  const sandboxRow = README.split("\n").find((line) =>
    line.startsWith("| `permissions` (a sandbox)")
  );
  assert.match(sandboxRow ?? "", /`"unstable": \["worker-options"\]` in your `deno.json`/);
  // In a folder of its own, which its workers may read; the file they are refused is the
  // project's deno.json, which the program may read (the original's is outside the project).
  const { lines, recipeBytes, configBytes } = await runRecipeInNewProject("least_privilege.ts", {
    rows: ["a `Pool` or `Process` (worker threads)", "`permissions` (a sandbox) on threads"],
    scopes: { "--allow-read": "--allow-read=../multiproc,." },
    config: { unstable: ["worker-options"] },
    folder: "recipes",
    rewrite: { '"../../deno.json"': '"../deno.json"' },
  });
  assert.deepEqual(lines, [
    `least_privilege.ts: ${recipeBytes} bytes; the program itself reads ${recipeBytes} bytes`,
    `../deno.json: refused (NotCapable); the program itself reads ${configBytes} bytes`,
  ]);
});
