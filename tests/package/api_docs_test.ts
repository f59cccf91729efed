// The HTML API docs a Deno user browses (`deno doc --html`, the pages JSR would show): the landing
// page of each face links its main classes and functions, `deno task docs` documents every export
// of deno.json, and no public signature names a type the package does not export. Each test runs
// `deno` as a child; none needs the network.
import assert from "node:assert/strict";
import { runCommand, type RunOutcome } from "./_run_deno.ts";
import { exportedFiles } from "./_exports.ts";

const ROOT = new URL("../../", import.meta.url);
const ROOT_PATH = decodeURIComponent(ROOT.pathname);
const CHILD_TIME_LIMIT_MS = 180_000;

/** What the multiprocessing face's landing page (index.html) must link. */
const MULTIPROCESSING_MAIN = [
  "Pool",
  "AsyncResult",
  "Process",
  "currentProcess",
  "cpuCount",
  "SharedValue",
  "SharedArray",
  "Lock",
  "RLock",
  "Semaphore",
  "Condition",
  "Event",
  "Barrier",
  "Pipe",
  "Connection",
  "Queue",
  "JoinableQueue",
  "WorkerDiedError",
  "TimeoutError",
  "PoolClosedError",
];

/** What the numeric face's landing page (numeric/index.html) must link. */
const NUMERIC_MAIN = [
  "arange",
  "linspace",
  "zeros",
  "add",
  "subtract",
  "multiply",
  "sin",
  "where",
  "Matrix",
  "dot",
  // numpy's np.random and jax's jax.random, one namespace with a page per member.
  "random",
  "random.RandomState",
  "random.PRNGKey",
  "random.split",
  "random.uniform",
  "jit",
  "loadJit",
  "compile",
  "runParallel",
  "quad",
  "quadAsync",
  "timeit",
];

function shown(outcome: RunOutcome): string {
  return `exit code ${outcome.code}\nstdout:\n${outcome.stdout}\nstderr:\n${outcome.stderr}`;
}

/** `deno task docs`'s command, as deno.json spells it. */
async function docsTaskArgs(): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  const task = config.tasks?.docs;
  assert.equal(typeof task?.command, "string", "deno.json has no `docs` task with a command");
  assert.equal(typeof task.description, "string", "the `docs` task has no description");
  assert.doesNotMatch(task.description, /\n/, "the `docs` task's description is not one line");
  return (task.command as string).split(/\s+/);
}

/** The symbol names `page` (HTML) links to symbol pages under `~/`, decoded, in order. */
function linkedSymbols(page: string): Set<string> {
  const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) =>
    m[1]!.replaceAll("&#x2F;", "/").replaceAll("&amp;", "&")
  );
  return new Set(hrefs.flatMap((href) => {
    const match = href.match(/~\/([^/]+)\.html$/);
    return match === null ? [] : [decodeURIComponent(match[1]!)];
  }));
}

Deno.test("deno task docs documents exactly the exports of deno.json, into docs/api/", async () => {
  const args = await docsTaskArgs();
  assert.deepEqual(args.slice(0, 3), ["deno", "doc", "--html"], args.join(" "));
  assert.ok(args.includes("--output=docs/api"), args.join(" "));
  const entries = args.filter((arg) => !arg.startsWith("-") && arg.endsWith(".ts"));
  assert.deepEqual(entries, await exportedFiles());
  const ignored = await Deno.readTextFile(new URL(".gitignore", ROOT));
  assert.match(ignored, /^\/?docs\/api\/?$/m, "docs/api/ is not in .gitignore");
});

Deno.test("the HTML landing pages link Pool, Process and the main classes of each face", async () => {
  const out = await Deno.makeTempDir({ prefix: "multiproc_api_docs_" });
  try {
    // The task's own command, with the output moved to the temporary folder.
    const args = (await docsTaskArgs()).slice(1).map((arg) =>
      arg.startsWith("--output=") ? `--output=${out}` : arg
    );
    const outcome = await runCommand(args, { cwd: ROOT_PATH, timeoutMs: CHILD_TIME_LIMIT_MS });
    assert.equal(outcome.code, 0, shown(outcome));

    const landing = await Deno.readTextFile(`${out}/index.html`);
    const linked = linkedSymbols(landing);
    const missing = MULTIPROCESSING_MAIN.filter((name) => !linked.has(name));
    assert.deepEqual(missing, [], `index.html links only: ${[...linked].join(", ")}`);
    // The module doc's map of sections names each subpath export.
    for (const section of ["./pool", "./process", "./shared", "./channel", "./errors"]) {
      assert.ok(landing.includes(section), `index.html does not name the ${section} section`);
    }

    const numeric = await Deno.readTextFile(`${out}/numeric/index.html`);
    const numericLinked = linkedSymbols(numeric);
    const numericMissing = NUMERIC_MAIN.filter((name) => !numericLinked.has(name));
    assert.deepEqual(
      numericMissing,
      [],
      `numeric/index.html links only: ${[...numericLinked].join(", ")}`,
    );

    // Every link from the landing pages leads to a page that exists.
    for (
      const [page, names, folder] of [
        [landing, MULTIPROCESSING_MAIN, `${out}/~`],
        [numeric, NUMERIC_MAIN, `${out}/numeric/~`],
      ] as const
    ) {
      assert.ok(page.length > 0);
      for (const name of names) {
        const stat = await Deno.stat(`${folder}/${name}.html`).catch(() => null);
        assert.ok(stat?.isFile, `${folder}/${name}.html, linked from a landing page, is missing`);
      }
    }

    // The page of all symbols lists them too.
    const all = linkedSymbols(await Deno.readTextFile(`${out}/all_symbols.html`));
    const unlisted = [...MULTIPROCESSING_MAIN, ...NUMERIC_MAIN].filter((name) => !all.has(name));
    assert.deepEqual(unlisted, [], "all_symbols.html leaves these out");
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

/** A type reference in `deno doc --json` output (format version 2). */
interface TypeRef {
  typeName: string;
  resolution?: { kind: string; name?: string; specifier?: string };
}

/** Every type reference under `node`, with the path of names that leads to it. */
function typeRefs(node: unknown, path: string[], found: Array<[string, TypeRef]>): void {
  if (Array.isArray(node)) {
    for (const item of node) typeRefs(item, path, found);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  const here = typeof record.name === "string" ? [...path, record.name] : path;
  if (record.kind === "typeRef" && typeof record.value === "object" && record.value !== null) {
    found.push([here.join("."), record.value as TypeRef]);
  }
  for (const [key, value] of Object.entries(record)) {
    if (key !== "jsDoc" && key !== "location") typeRefs(value, here, found);
  }
}

Deno.test("no public signature names a type the package does not export (Call<R>, Revival, …)", async () => {
  const entries = await exportedFiles();
  const outcome = await runCommand(["doc", "--json", ...entries], {
    cwd: ROOT_PATH,
    timeoutMs: CHILD_TIME_LIMIT_MS,
  });
  assert.equal(outcome.code, 0, shown(outcome));
  const doc = JSON.parse(outcome.stdout) as {
    nodes: Record<string, { symbols?: Array<{ name: string }> }>;
  };
  const symbols = Object.values(doc.nodes).flatMap((node) => node.symbols ?? []);
  assert.ok(symbols.length > 100, `deno doc --json listed only ${symbols.length} symbols`);
  const exported = new Set(symbols.map((symbol) => symbol.name));

  const found: Array<[string, TypeRef]> = [];
  for (const symbol of symbols) typeRefs(symbol, [], found);
  // A reference resolved to this package (`local` or `import`) must name an export; one with no
  // resolution is a global (Promise, SharedArrayBuffer, …), and type parameters are the
  // signature's own.
  const leaks = found
    .filter(([, ref]) => ref.resolution?.kind === "local" || ref.resolution?.kind === "import")
    .filter(([, ref]) =>
      !exported.has(ref.typeName) && !exported.has(ref.resolution?.name ?? ref.typeName)
    )
    .map(([where, ref]) => `${where}: ${ref.typeName}`);
  assert.ok(found.length > 500, `only ${found.length} type references found: is the format new?`);
  assert.deepEqual([...new Set(leaks)], [], "internal types in public signatures");
});
