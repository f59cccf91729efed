// The package as JSR sees it: documentation `deno doc --lint` accepts on every export of
// deno.json, a runnable example on every export of mod.ts and numeric.ts (`deno test --doc` runs
// them), and a publish dry run that succeeds with no slow types and no warning but the four
// dynamic imports that are the design. Each test runs `deno` as a child; none needs the network
// (jsr.io is never contacted by a dry run).
import assert from "node:assert/strict";
import { runCommand, type RunOutcome } from "./_run_deno.ts";
import { exportedFiles } from "./_exports.ts";

const ROOT = new URL("../../", import.meta.url);
const CHILD_TIME_LIMIT_MS = 120_000;

/** Runs this `deno` with `args` in `cwd` (default: the repository), killed after the limit. */
function deno(args: string[], cwd: URL | string = ROOT): Promise<RunOutcome> {
  const dir = cwd instanceof URL ? decodeURIComponent(cwd.pathname) : cwd;
  return runCommand(args, { cwd: dir, timeoutMs: CHILD_TIME_LIMIT_MS });
}

function shown(outcome: RunOutcome): string {
  return `exit code ${outcome.code}\nstdout:\n${outcome.stdout}\nstderr:\n${outcome.stderr}`;
}

/** The codes of the `error[code]` or `warning[code]` diagnostics in `text`, in order. */
function diagnostics(text: string, level: "error" | "warning"): string[] {
  return [...text.matchAll(new RegExp(`^${level}\\[([\\w-]+)\\]`, "gm"))].map((m) => m[1]!);
}

Deno.test("deno doc --lint reports no problem in any export of deno.json", async () => {
  const entries = await exportedFiles();
  assert.ok(entries.includes("mod.ts") && entries.includes("numeric.ts"), entries.join(" "));
  const outcome = await deno(["doc", "--lint", ...entries]);
  const output = outcome.stdout + outcome.stderr;
  assert.deepEqual(
    [...diagnostics(output, "error"), ...diagnostics(output, "warning")],
    [],
    shown(outcome),
  );
  assert.equal(outcome.code, 0, shown(outcome));
});

/** The parts of `deno doc --json` (format version 2) read here. */
interface DocTag {
  kind: string;
  doc?: string;
}
interface DocSymbol {
  name: string;
  declarations: Array<{
    kind: string;
    location: { filename: string; line: number };
    jsDoc?: { doc?: string; tags?: DocTag[] };
  }>;
}

/** The symbols `face` exports, as `deno doc --json` lists them. */
async function faceSymbols(face: string): Promise<DocSymbol[]> {
  const outcome = await deno(["doc", "--json", face]);
  assert.equal(outcome.code, 0, shown(outcome));
  const doc = JSON.parse(outcome.stdout) as {
    version?: number;
    nodes?: Record<string, { symbols?: DocSymbol[] }>;
  };
  const url = new URL(face, ROOT).href;
  const symbols = doc.nodes?.[url]?.symbols;
  assert.ok(
    Array.isArray(symbols),
    `deno doc --json (format version ${doc.version}) has no symbol list for ${url}`,
  );
  return symbols;
}

Deno.test("every export of mod.ts and numeric.ts has JSDoc with a runnable @example", async () => {
  const multiprocessing = await faceSymbols("mod.ts");
  const numeric = await faceSymbols("numeric.ts");
  assert.ok(multiprocessing.length > 50, `mod.ts exports only ${multiprocessing.length} symbols`);
  assert.ok(numeric.length > 50, `numeric.ts exports only ${numeric.length} symbols`);
  const symbols = [...multiprocessing, ...numeric];

  const lacking: string[] = [];
  const notRunnable: string[] = [];
  for (const symbol of symbols) {
    const where = symbol.declarations[0]?.location;
    const label = `${symbol.name} (${where?.filename.replace(new URL(".", ROOT).href, "") ?? "?"}:${
      where?.line ?? "?"
    })`;
    const examples = symbol.declarations.flatMap((declaration) =>
      (declaration.jsDoc?.tags ?? []).filter((tag) => tag.kind === "example")
    );
    if (examples.length === 0) {
      lacking.push(label);
      continue;
    }
    // `deno test --doc` runs fenced ts/js blocks; an example must run one that asserts.
    const runnable = examples.some((tag) =>
      [...(tag.doc ?? "").matchAll(/```(?:ts|typescript|tsx|js|javascript|jsx)\n([\s\S]*?)```/g)]
        .some((block) => /\bassert\b/.test(block[1]!))
    );
    if (!runnable) notRunnable.push(label);
  }
  assert.deepEqual(
    lacking,
    [],
    `${lacking.length} export(s) of mod.ts or numeric.ts have no @example:\n  ${
      lacking.join("\n  ")
    }`,
  );
  assert.deepEqual(
    notRunnable,
    [],
    `${notRunnable.length} export(s) of mod.ts or numeric.ts have an @example without a \`\`\`ts block that ` +
      `asserts something:\n  ${notRunnable.join("\n  ")}`,
  );
});

/**
 * The dynamic imports `deno publish` cannot analyze, and why each is the design: a module named
 * only at run time cannot be a literal specifier. None needs rewriting once published: each
 * imports an absolute URL (or a bare `npm:` specifier) made at run time.
 */
const DESIGNED_DYNAMIC_IMPORTS: readonly string[] = [
  // The cluster's Redis client, so that npm:ioredis stays out of mod.ts's static graph.
  "lib/cluster/_engine_link.ts",
  // runParallel's task is sent to a worker as source text, which imports the worker-side module
  // by the absolute URL it is given (a literal would resolve against the worker, not the library).
  "lib/kernel/_task_import.ts",
  // The user's module a registered class came from, imported where an instance arrives.
  "lib/wire/_class_space.ts",
  // The user's task module, named by the pool's `module` option or a task reference.
  "lib/worker/task_catalog.ts",
  // The modules a warm spare worker loads before a Process takes it (preloadInSpares), sent to
  // it as absolute URLs at run time.
  "lib/worker/_spare_entry.ts",
];

Deno.test("deno publish --dry-run succeeds with no slow types, no error and only the designed dynamic-import warnings", async () => {
  const outcome = await deno(["publish", "--dry-run", "--allow-dirty"]);
  const output = outcome.stdout + outcome.stderr;
  assert.match(output, /^Checking for slow types in the public API\.\.\.$/m, shown(outcome));
  // Slow types are errors (without --allow-slow-types), so this also says there are none.
  assert.deepEqual(diagnostics(output, "error"), [], shown(outcome));
  const rest = output.replace(/^Checking for slow types in the public API\.\.\.$/m, "");
  assert.doesNotMatch(rest, /slow[- ]types?/i, shown(outcome));
  assert.match(output, /Dry run complete/, shown(outcome));
  assert.equal(outcome.code, 0, shown(outcome));

  // Each warning with the file it points at: exactly one unanalyzable dynamic import per
  // designed file, and nothing else.
  const root = new URL(".", ROOT).pathname;
  const warnings = [...output.matchAll(/^warning\[([\w-]+)\][^\n]*\n\s*--> (.+?):\d+:\d+$/gm)]
    .map((m) => `${m[1]} ${m[2]!.startsWith(root) ? m[2]!.slice(root.length) : m[2]}`);
  assert.equal(
    warnings.length,
    diagnostics(output, "warning").length,
    `a warning without a location:\n${shown(outcome)}`,
  );
  assert.deepEqual(
    warnings.toSorted(),
    DESIGNED_DYNAMIC_IMPORTS.map((file) => `unanalyzable-dynamic-import ${file}`).toSorted(),
    shown(outcome),
  );

  // Diagnostics point only into published files: tests/, bench/ and tools/ stay out.
  const locations = [...output.matchAll(/^\s*--> (.+?)(?::\d+:\d+)?$/gm)].map((m) => m[1]!);
  const unpublished = locations
    .map((location) => location.startsWith(root) ? location.slice(root.length) : location)
    .filter((location) => !/^(mod\.ts|numeric\.ts|deno\.json|lib\/.+\.ts)$/.test(location));
  assert.deepEqual(
    unpublished,
    [],
    `the dry run looked at files outside the package:\n${shown(outcome)}`,
  );
});

Deno.test("deno publish would upload mod.ts, numeric.ts, cluster_worker.ts, lib/**/*.ts, README.md, LICENSE and deno.json, nothing else", async () => {
  // A copy of the package, and a stray file in each folder that must stay out.
  const copy = await Deno.makeTempDir({ prefix: "multiproc_publish_" });
  try {
    const expected = [
      "README.md",
      "LICENSE",
      "deno.json",
      "mod.ts",
      "numeric.ts",
      "cluster_worker.ts",
    ];
    for (
      const file of [
        "README.md",
        "LICENSE",
        "mod.ts",
        "numeric.ts",
        "cluster_worker.ts",
        "deno.lock",
      ]
    ) {
      await Deno.copyFile(new URL(file, ROOT), `${copy}/${file}`);
    }
    await Deno.copyFile(new URL("deno.json", ROOT), `${copy}/deno.json`);
    const copyTree = async (relative: string): Promise<void> => {
      await Deno.mkdir(`${copy}/${relative}`, { recursive: true });
      for await (const entry of Deno.readDir(new URL(`${relative}/`, ROOT))) {
        const path = `${relative}/${entry.name}`;
        if (entry.isDirectory) await copyTree(path);
        else if (entry.isFile) {
          await Deno.copyFile(new URL(path, ROOT), `${copy}/${path}`);
          if (path.endsWith(".ts")) expected.push(path);
        }
      }
    };
    await copyTree("lib");
    for (const folder of ["tests", "tasks", "examples", "docs", "dist"]) {
      await Deno.mkdir(`${copy}/${folder}`);
      await Deno.writeTextFile(`${copy}/${folder}/stray.ts`, "export const stray = 1;\n");
    }

    // Type checking is `deno check`'s job; here only the file list matters.
    const outcome = await deno(["publish", "--dry-run", "--allow-dirty", "--no-check"], copy);
    assert.equal(outcome.code, 0, shown(outcome));
    const output = outcome.stdout + outcome.stderr;
    const listed = output.split("\n").flatMap((line) => {
      const match = line.match(/^\s+(file:\/\/\S+) \([^)]*\)$/);
      return match === null ? [] : [decodeURIComponent(new URL(match[1]!).pathname)];
    });
    const base = (await Deno.realPath(copy)) + "/";
    const published = listed.map((path) => path.startsWith(base) ? path.slice(base.length) : path);
    assert.ok(published.length > 0, `the dry run listed no files:\n${shown(outcome)}`);
    assert.deepEqual(published.toSorted(), expected.toSorted());
  } finally {
    await Deno.remove(copy, { recursive: true });
  }
});
