// A process pool in a project of its own, beside a checkout of the library: its child deno
// processes must resolve imports through the project's deno.json (or --import-map) as the
// program does, not through the library's deno.json, which Deno would find from the child's
// entry script; when that config cannot be told, the Pool fails at construction.
import assert from "node:assert/strict";
import { runCommand } from "../package/_run_deno.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const TIME_LIMIT_MS = 60_000;
// The children's sockets go to a temporary directory of the test's own (TMPDIR, set by run()),
// so that reading it does not grant reading the project's folder as well.
const TMP = "../tmp";
// What README.md's Permissions section lists for isolation: "process", with the library beside.
const PROCESS_FLAGS = [
  "--no-prompt",
  `--allow-read=../multiproc,.,${TMP}`,
  `--allow-write=${TMP}`,
  "--allow-run",
  "--allow-net",
];

const MAIN = (specifier: string): string =>
  `import { Pool } from "${specifier}";
export function square(x: number): number {
  return x * x;
}
if (import.meta.main) {
  try {
    await using pool = new Pool({ processes: 1, isolation: "process", module: import.meta.url });
    console.log(JSON.stringify(await pool.map(square, [1, 2, 3])));
  } catch (error) {
    console.log("refused: " + (error as Error).message);
  }
}
`;

/**
 * Makes `<tmp>/multiproc` (this checkout), `<tmp>/tmp` and `<tmp>/app` with `files` (`../x` is
 * beside app); runs `use(app)`.
 */
async function withProject(
  files: Record<string, string>,
  use: (app: string) => Promise<void>,
): Promise<void> {
  const parent = await Deno.makeTempDir({ prefix: "multiproc_project_" });
  try {
    await Deno.symlink(ROOT, `${parent}/multiproc`);
    await Deno.mkdir(`${parent}/tmp`);
    await Deno.mkdir(`${parent}/app`);
    for (const [name, text] of Object.entries(files)) {
      await Deno.mkdir(`${parent}/app/${name}`.replace(/\/[^/]*$/, ""), { recursive: true });
      await Deno.writeTextFile(`${parent}/app/${name}`, text);
    }
    await use(`${parent}/app`);
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
}

async function run(app: string, args: string[]): Promise<string> {
  const env = { TMPDIR: `${app}/${TMP}` };
  const outcome = await runCommand(["run", ...args], { cwd: app, env, timeoutMs: TIME_LIMIT_MS });
  assert.equal(outcome.code, 0, outcome.stderr);
  return outcome.stdout.trim();
}

Deno.test("process pool children resolve the project's import map, with the README's flags or -A", async () => {
  const files = {
    "deno.json": JSON.stringify({ imports: { "multiproc/": "../multiproc/" } }),
    "main.ts": MAIN("multiproc/mod.ts"),
  };
  await withProject(files, async (app) => {
    assert.equal(await run(app, [...PROCESS_FLAGS, "main.ts"]), "[1,4,9]");
    assert.equal(await run(app, ["-A", "main.ts"]), "[1,4,9]");
  });
});

Deno.test("process pool children of a workspace member get the root's import map", async () => {
  const files = {
    "../deno.json": JSON.stringify({
      workspace: ["./app"],
      imports: { "multiproc/": "./multiproc/" },
    }),
    "deno.json": "{}",
    "main.ts": MAIN("multiproc/mod.ts"),
  };
  await withProject(files, async (app) => {
    // The root's deno.json is not readable: the member's, given as --config, leads Deno to it.
    assert.equal(await run(app, [...PROCESS_FLAGS, "main.ts"]), "[1,4,9]");
  });
});

Deno.test("process pool children get --import-map with -A; without, their failure says why", async () => {
  const files = {
    "deno.json": "{}",
    "map.json": JSON.stringify({ imports: { "lib/": "../multiproc/" } }),
    "main.ts": MAIN("lib/mod.ts"),
  };
  await withProject(files, async (app) => {
    assert.equal(await run(app, ["-A", "--import-map=map.json", "main.ts"]), "[1,4,9]");
    assert.equal(await run(app, ["-A", "--import-map", "map.json", "main.ts"]), "[1,4,9]");
    // Without all permissions the flag cannot be seen: the child's failure says so.
    const output = await run(app, [...PROCESS_FLAGS, "--import-map=map.json", "main.ts"]);
    assert.match(output, /^refused: pool worker .* could not start: .*"lib\/mod\.ts" not a/);
    assert.match(output, /started with --config=\S+\/app\/deno\.json to resolve imports/);
    assert.match(output, /--import-map .* run deno with all permissions \(-A\)/);
  });
});

Deno.test("a process pool whose project config cannot be read fails at construction", async () => {
  const files = {
    "deno.json": JSON.stringify({ imports: { "multiproc/": "../multiproc/" } }),
    "main.ts": MAIN("multiproc/mod.ts"),
  };
  await withProject(files, async (app) => {
    const flags = PROCESS_FLAGS.map((flag) =>
      flag.startsWith("--allow-read") ? `--allow-read=../multiproc,${TMP}` : flag
    );
    const output = await run(app, [...flags, `--allow-read=${app}/main.ts`, "main.ts"]);
    assert.match(output, /^refused: Pool option isolation: "process" starts child deno processes/);
    assert.match(output, /cannot read \S+\/app\/deno\.json or \S+\/app\/deno\.jsonc/);
    assert.match(output, /--allow-read=\S+\/app\/deno\.json,\S+\/app\/deno\.jsonc/);
  });
});

Deno.test("a process pool refuses when deno run and deno test would read different configs", async () => {
  const files = {
    "deno.json": JSON.stringify({ imports: { "multiproc/": "../multiproc/" } }),
    "sub/deno.json": JSON.stringify({ imports: { "multiproc/": "../../multiproc/" } }),
    "sub/main.ts": MAIN("multiproc/mod.ts"),
  };
  await withProject(files, async (app) => {
    // Without the command line, this could be deno run (sub/deno.json) or deno test (deno.json).
    const output = await run(app, [...PROCESS_FLAGS, "sub/main.ts"]);
    assert.match(output, /^refused: .*which config this one uses cannot be told/);
    assert.match(output, /app\/sub\/deno\.json\), deno test .*\(\S+\/app\/deno\.json\)/);
    // With it, deno run is seen, and sub/deno.json given to the children.
    assert.equal(await run(app, ["-A", "sub/main.ts"]), "[1,4,9]");
  });
});
