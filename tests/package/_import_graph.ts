// The import graph of lib/ as `deno info --json` sees it (static imports, type-only ones
// included), and the layering rules the layering test holds it to.
import { runCommand } from "./_run_deno.ts";

/** One import: `from` imports `to`, both paths relative to the root (`lib/pool/pool.ts`). */
export interface Edge {
  readonly from: string;
  readonly to: string;
}

/**
 * The multiprocessing stack, bottom first. A file may import its own layer or any layer below;
 * `pool` and `process` share a layer but do not import each other; `cluster_worker` (the bridge
 * that runs a cluster's entries in a local Pool) sits above them. `lib/errors.ts` sits in
 * the leaf layer.
 */
export const STACK: readonly (readonly string[])[] = [
  ["internal"],
  ["wire"],
  ["shared"],
  ["channel"],
  ["worker"],
  ["cluster"],
  ["pool", "process"],
  ["cluster_worker"],
];

/** The numeric kit: beside the stack, it may import the leaf layer and itself, nothing else. */
export const NUMERIC: readonly string[] = [
  "array",
  "linalg",
  "random",
  "kernel",
  "integrate",
  "timing",
];

/** The folder of `lib/` a path is in (`lib/errors.ts` counts as `internal`), or null outside lib/. */
export function folderOf(path: string): string | null {
  const parts = path.split("/");
  if (parts[0] !== "lib") return null;
  if (parts.length === 2) return parts[1] === "errors.ts" ? "internal" : parts[1]!;
  return parts[1]!;
}

function level(folder: string): number {
  return STACK.findIndex((layer) => layer.includes(folder));
}

/** Why the import `edge` breaks the layering, or null if it is allowed. */
export function violation(edge: Edge): string | null {
  const from = folderOf(edge.from);
  const to = folderOf(edge.to);
  if (from === null || to === null || from === to) return null;
  if (NUMERIC.includes(from)) {
    return NUMERIC.includes(to) || to === "internal"
      ? null
      : `the numeric kit (${from}/) imports the multiprocessing stack (${to}/)`;
  }
  if (NUMERIC.includes(to)) return `the stack (${from}/) imports the numeric kit (${to}/)`;
  const [a, b] = [level(from), level(to)];
  if (a < 0 || b < 0) return `${a < 0 ? from : to}/ is in no layer: add it to STACK or NUMERIC`;
  if (b > a) return `${from}/ imports ${to}/, a layer above it`;
  if (b === a) return `${from}/ and ${to}/ share a layer and must not import each other`;
  return null;
}

/** Every import cycle among `edges`, each as the paths around it (first repeated at the end). */
export function cycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, "open");
    path.push(node);
    for (const to of next.get(node) ?? []) {
      if (state.get(to) === "open") found.push([...path.slice(path.indexOf(to)), to]);
      else if (!state.has(to)) visit(to);
    }
    path.pop();
    state.set(node, "done");
  };
  for (const node of [...next.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

interface InfoModule {
  specifier: string;
  dependencies?: Array<{ code?: { specifier: string }; type?: { specifier: string } }>;
}

/** The imports between files of `root`/lib, read with `deno info --json` from every file there. */
export async function libImports(root: string): Promise<Edge[]> {
  const base = new URL(`file://${root.endsWith("/") ? root : `${root}/`}`);
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of Deno.readDirSync(new URL(dir, base))) {
      const path = `${dir}${entry.name}`;
      if (entry.isDirectory) walk(`${path}/`);
      else if (path.endsWith(".ts")) files.push(path);
    }
  };
  walk("lib/");
  const entry = await Deno.makeTempFile({ suffix: ".ts" });
  try {
    await Deno.writeTextFile(
      entry,
      files.map((file) => `import "${new URL(file, base).href}";\n`).join(""),
    );
    const outcome = await runCommand(["info", "--json", entry], {
      cwd: base.pathname,
      timeoutMs: 60_000,
    });
    if (outcome.code !== 0) throw new Error(`deno info failed:\n${outcome.stderr}`);
    const modules = (JSON.parse(outcome.stdout) as { modules: InfoModule[] }).modules;
    const relative = (specifier: string): string | null =>
      specifier.startsWith(base.href) ? specifier.slice(base.href.length) : null;
    return modules.flatMap((module) => {
      const from = relative(module.specifier);
      if (from === null || !from.startsWith("lib/")) return [];
      return (module.dependencies ?? []).flatMap((dependency) =>
        [dependency.code?.specifier, dependency.type?.specifier].flatMap((target) => {
          const to = target === undefined ? null : relative(target);
          return to === null || !to.startsWith("lib/") ? [] : [{ from, to }];
        })
      );
    });
  } finally {
    await Deno.remove(entry);
  }
}
