/**
 * The `permissions` option of a Pool or Process: what its tasks may do. Checked here, then
 * turned into Deno's worker permissions (isolation by threads) or into the `--allow-*` flags of a
 * child `deno run` (isolation by processes).
 *
 * What a worker needs to load its code, as measured on Deno 2.9: the worker's entry module and
 * its static imports load whatever the worker's permissions (file: and http: alike); a module
 * the worker imports later, as the task module is, needs `read` for it and for each of its
 * imports not loaded yet (file:), or `import` for their host (http:, https:, jsr:); npm:
 * packages need neither. A child process likewise runs its entry without permissions but needs
 * them for the task module. So the converters add read access to the task module's file and the
 * library's `lib/` directory and `mod.ts` (a task module usually imports the library), or import
 * access to their hosts, and nothing else: a task module's other imports must be covered by the
 * option itself. A child that may import from no host also gets `--cached-only`, as npm: packages
 * need no permission to download.
 *
 * @module
 */
import { describe } from "../internal/check.ts";
import { granted, urlPath } from "./_deno_config.ts";

export { missingWorkerOptionsError, workerOptionsEnabled } from "./_deno_worker_options.ts";

/**
 * What one kind of access may reach: all (`true`), none (`false`), the parent's (`"inherit"`),
 * or only the items listed. The value of `net`, `env`, `sys` and `import` in a
 * {@linkcode PermissionsOption}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../pool/pool.ts";
 * // Tasks in child processes may read HOME and no other environment variable.
 * const env: PermissionValue = ["HOME"];
 * await using pool = new Pool({ processes: 1, isolation: "process", permissions: { env } });
 * const state = (variable: string) => Deno.permissions.querySync({ name: "env", variable }).state;
 * assert.deepEqual(await pool.map(state, ["HOME", "PATH"]), ["granted", "prompt"]);
 * ```
 */
export type PermissionValue = boolean | "inherit" | string[];

/**
 * Like {@linkcode PermissionValue}, for kinds whose lists may hold `file:` URLs as well: the
 * value of `read`, `write`, `run` and `ffi` in a {@linkcode PermissionsOption}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../pool/pool.ts";
 * // Paths as strings or file: URLs; a directory covers everything under it.
 * const read: PathPermissionValue = ["/tmp", new URL("file:///srv/data/")];
 * await using pool = new Pool({ processes: 1, isolation: "process", permissions: { read } });
 * const state = (path: string) => Deno.permissions.querySync({ name: "read", path }).state;
 * assert.deepEqual(await pool.map(state, ["/tmp/a.txt", "/srv/data/b.csv", "/etc/hosts"]), [
 *   "granted",
 *   "granted",
 *   "prompt",
 * ]);
 * ```
 */
export type PathPermissionValue = boolean | "inherit" | Array<string | URL>;

/**
 * What the tasks of a Pool or Process may do, in the shape of Deno's
 * `Deno.PermissionOptionsObject`. `"inherit"` (the default) gives them this process's own
 * permissions; `"none"` gives them none. In an object, a kind left out is denied; `true` allows
 * all of it, `"inherit"` whatever this process holds, and a list only the items listed:
 *
 * - `read`, `write`: file system paths (relative ones count from the current directory);
 * - `net`: hosts as `"host[:port]"`; `import`: hosts remote modules may come from (`"jsr.io:443"`);
 * - `env`: environment variable names; `sys`: API names like `"osRelease"`;
 * - `run`: programs; `ffi`: paths of dynamic libraries.
 *
 * A task can never get more than this process holds. Deno marks what is denied "prompt": on a
 * terminal, unless Deno was started with `--no-prompt` (or `DENO_NO_PROMPT=1`), a task that
 * oversteps in a worker makes Deno ask the user, who may allow it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const readOnlyData: PermissionsOption = { read: ["./data"], net: false };
 * assert.deepEqual(checkPermissions(readOnlyData, "Pool option permissions"), readOnlyData);
 * ```
 */
export type PermissionsOption = "inherit" | "none" | {
  read?: PathPermissionValue;
  write?: PathPermissionValue;
  net?: PermissionValue;
  env?: PermissionValue;
  run?: PathPermissionValue;
  ffi?: PathPermissionValue;
  sys?: PermissionValue;
  import?: PermissionValue;
};

/** The object form of {@linkcode PermissionsOption}. */
type PermissionsObject = Exclude<PermissionsOption, string>;
type Kind = keyof PermissionsObject;

const KINDS: readonly Kind[] = ["read", "write", "net", "env", "run", "ffi", "sys", "import"];
const PATH_KINDS: ReadonlySet<Kind> = new Set(["read", "write", "run", "ffi"]);
const LIST_EXAMPLES: Readonly<Record<Kind, string>> = {
  read: "./data",
  write: "./out",
  net: "example.com:443",
  env: "HOME",
  run: "git",
  ffi: "./libfoo.so",
  sys: "osRelease",
  import: "jsr.io:443",
};
/** Deno's default `--allow-import` list, which an explicit list replaces. */
const DEFAULT_IMPORT_HOSTS = [
  "deno.land:443",
  "jsr.io:443",
  "esm.sh:443",
  "raw.esm.sh:443",
  "cdn.jsdelivr.net:443",
  "raw.githubusercontent.com:443",
  "gist.githubusercontent.com:443",
];

/** This library's root directory, where mod.ts is: a task module often imports it. */
const LIBRARY_ROOT = new URL("../../", import.meta.url).href;

/** What the code run in a worker or child needs beyond what its tasks are allowed. */
export interface CodeNeeds {
  /** URL of the library's root directory (where mod.ts is), `file:` or remote. */
  libraryUrl: string;
  /** URL of the task module, if the Pool or Process has one. */
  moduleUrl: string | null;
}

/**
 * Checks a `permissions` option, returning a copy (`undefined` is `"inherit"`). Throws a
 * `TypeError` or `RangeError` that names `what` and what was received.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(checkPermissions({ read: ["./data"] }, "Pool option permissions"), {
 *   read: ["./data"],
 * });
 * assert.throws(() => checkPermissions({ reed: true }, "Pool option permissions"), RangeError);
 * ```
 */
export function checkPermissions(value: unknown, what: string): PermissionsOption {
  if (value === undefined || value === "inherit" || value === "none") return value ?? "inherit";
  const shape = `"inherit", "none" or an object like { read: ["./data"], net: false }`;
  if (typeof value === "string") {
    throw new RangeError(`${what} must be ${shape}, received ${describe(value)}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${what} must be ${shape}, received ${describe(value)}`);
  }
  const given = value as Record<string, unknown>;
  const unknown = Object.keys(given).filter((key) => !(KINDS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new RangeError(
      `${what} has unknown ${unknown.length === 1 ? "key" : "keys"} ${unknown.join(", ")}: ` +
        `the kinds are ${KINDS.join(", ")}`,
    );
  }
  const checked: Record<string, unknown> = {};
  for (const kind of KINDS) {
    const field = given[kind];
    if (field === undefined) continue;
    if (typeof field === "boolean" || field === "inherit") checked[kind] = field;
    else if (Array.isArray(field)) {
      checked[kind] = field.map((entry, i) => listEntry(entry, kind, i));
    } else {
      throw new (typeof field === "string" ? RangeError : TypeError)(
        `${what}.${kind} must be true, false, "inherit" or a list of strings like ` +
          `["${LIST_EXAMPLES[kind]}"], received ${describe(field)}`,
      );
    }
  }
  return checked as PermissionsObject;

  function listEntry(entry: unknown, kind: Kind, index: number): string | URL {
    const at = `${what}.${kind}[${index}]`;
    if (entry instanceof URL && PATH_KINDS.has(kind)) return new URL(entry.href);
    if (typeof entry !== "string") {
      const expected = PATH_KINDS.has(kind) ? "a string or file: URL" : "a string";
      throw new TypeError(`${at} must be ${expected}, received ${describe(entry)}`);
    }
    if (entry === "") throw new RangeError(`${at} must not be an empty string`);
    return entry;
  }
}

/**
 * What to pass as `deno.permissions` to `new Worker(url, { type: "module", deno: {…} })`: `p`
 * plus read access to the task module and the library's `lib/` and `mod.ts` (or import access
 * to their hosts), as far as this process holds it, since a worker cannot get more (`new
 * Worker` would throw "Can't escalate parent thread permissions"). `needs.libraryUrl` defaults
 * to this library's root; without `needs.moduleUrl` a task module outside `p`'s reach fails to
 * load. For `"inherit"` it returns `"inherit"`; leave `deno` out then, as any `deno.permissions`
 * needs `--unstable-worker-options` (see {@linkcode workerOptionsEnabled}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const needs = { libraryUrl: "https://jsr.io/@multiproc/multiproc/0.1.0/", moduleUrl: null };
 * const granted = Deno.permissions.querySync({ name: "import", host: "jsr.io:443" });
 * assert.deepEqual(workerPermissions({ net: ["example.com"] }, needs), {
 *   net: ["example.com"],
 *   import: granted.state === "granted" ? ["jsr.io:443"] : false,
 * });
 * ```
 */
export function workerPermissions(
  p: PermissionsOption,
  needs: CodeNeeds = { libraryUrl: LIBRARY_ROOT, moduleUrl: null },
): Deno.PermissionOptions {
  if (p === "inherit") return "inherit";
  const held = codeNeeds(needs).filter(([name, item]) =>
    granted(name === "read" ? { name, path: item } : { name, host: item })
  );
  if (p === "none" && held.length === 0) return "none";
  const result: Deno.PermissionOptionsObject = p === "none"
    ? {
      read: false,
      write: false,
      net: false,
      env: false,
      run: false,
      ffi: false,
      sys: false,
      import: false,
    }
    : { ...p };
  const reads = held.filter(([name]) => name === "read").map(([, item]) => item);
  const imports = held.filter(([name]) => name === "import").map(([, item]) => item);
  if (reads.length > 0) result.read = withItems(result.read, reads);
  if (imports.length > 0) result.import = withItems(result.import, imports);
  return result;
}

/**
 * The flags for a child `deno run` of the worker entry: `--no-prompt`, then `--allow-*` (and
 * `--deny-import`) flags giving what `p` allows plus read access to the task module and the
 * library's `lib/` and `mod.ts` (or import access to their hosts), and `--cached-only` when no
 * import host is allowed. `"inherit"` derives each kind from `Deno.permissions.querySync`: a
 * kind this process holds in full is passed on; one held only in part (like
 * `--allow-net=example.com`) cannot be listed, so only the code's needs and Deno's default import
 * hosts that this process holds are. Throws a `RangeError` for a list entry Deno
 * could not read back: one with a comma, or a URL that is not `file:`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const needs = { libraryUrl: "file:///opt/multiproc/", moduleUrl: "file:///app/tasks.ts" };
 * assert.deepEqual(childPermissionFlags({ net: true }, needs), [
 *   "--no-prompt",
 *   "--allow-read=/opt/multiproc/lib,/opt/multiproc/mod.ts,/app/tasks.ts",
 *   "--allow-net",
 *   "--deny-import",
 *   "--cached-only",
 * ]);
 * ```
 */
export function childPermissionFlags(p: PermissionsOption, needs: CodeNeeds): string[] {
  const flags = ["--no-prompt"];
  const wanted = codeNeeds(needs);
  for (const kind of KINDS) {
    let value: PathPermissionValue = p === "none"
      ? false
      : p === "inherit"
      ? "inherit"
      : p[kind] ?? false;
    if (value === "inherit") {
      if (granted({ name: kind })) value = true;
      else if (kind === "import") {
        value = DEFAULT_IMPORT_HOSTS.filter((host) => granted({ name: kind, host }));
      } else value = false;
    }
    if (value === true) {
      flags.push(`--allow-${kind}`);
      continue;
    }
    const items = [
      ...(value === false ? [] : value.map((entry) => flagEntry(entry, kind))),
      ...wanted.filter(([name]) => name === kind).map(([, item]) => item),
    ];
    if (items.length > 0) flags.push(`--allow-${kind}=${[...new Set(items)].join(",")}`);
    else if (kind === "import") flags.push("--deny-import");
  }
  return withoutDownloads(flags);
}

/**
 * `flags` plus `--cached-only` when they deny every import host: a task that may import from no
 * host must not download `npm:` or `jsr:` packages either. Deno fetches `npm:` packages without
 * asking for any permission, and with a bare `--deny-import` it still grants its default hosts
 * (deno.land, jsr.io, the `JSR_URL` host…) unless `--cached-only` is given too (Deno 2.9). Code
 * from the cache still loads, so the library's own `npm:` imports work once the parent has them.
 */
function withoutDownloads(flags: string[]): string[] {
  return flags.includes("--deny-import") ? [...flags, "--cached-only"] : flags;
}

/**
 * `[kind, item]` pairs: the paths to read and hosts to import from to load the code. A local
 * library needs only its `lib/` directory and `mod.ts`: the rest of its directory (`.git/`, the
 * tests, notes next to it) stays out of a sandboxed task's reach.
 */
function codeNeeds(needs: CodeNeeds): Array<["read" | "import", string]> {
  const found: Array<["read" | "import", string]> = [];
  for (const url of [...libraryFiles(needs.libraryUrl), needs.moduleUrl]) {
    if (url === null) continue;
    const parsed = new URL(url.startsWith("jsr:") ? "https://jsr.io/" : url);
    if (parsed.protocol === "file:") found.push(["read", urlPath(parsed.href)]);
    else if (parsed.protocol === "http:" || parsed.protocol === "https:") {
      found.push([
        "import",
        `${parsed.hostname}:${parsed.port || (parsed.protocol === "http:" ? 80 : 443)}`,
      ]);
    }
  }
  return found;
}

/** The URLs a task may load of a library at `root`: its `lib/` and `mod.ts`, if it is local. */
function libraryFiles(root: string): string[] {
  if (!root.startsWith("file:")) return [root];
  const base = root.endsWith("/") ? root : `${root}/`;
  return [new URL("lib/", base).href, new URL("mod.ts", base).href];
}

/** `current` widened by `items`, unless it already allows everything. */
function withItems<T extends string | URL>(
  current: boolean | "inherit" | T[] | undefined,
  items: string[],
): boolean | "inherit" | Array<T | string> {
  if (current === true || current === "inherit") return current;
  return [...new Set([...(current || []), ...items])];
}

function flagEntry(entry: string | URL, kind: Kind): string {
  const item = entry instanceof URL ? entry.protocol === "file:" ? urlPath(entry.href) : "" : entry;
  if (item === "" || item.includes(",")) {
    throw new RangeError(
      `permissions.${kind} entry ${String(entry)} cannot be passed to a child process: ` +
        `${item === "" ? "only file: URLs name paths" : "deno's --allow-* flags split at commas"}`,
    );
  }
  return item;
}

/**
 * Adds to a child's `flags` (from {@linkcode childPermissionFlags}) the access its private
 * frame socket at `socketPath` needs: `read`, `write` and `net` (`unix:` + path) for that path
 * only. An `--allow-X` that already grants everything is left as is; a list gains the path.
 * (Deno merges repeated `--allow-X=` lists, but a list after a bare `--allow-X` narrows it.)
 */
export function withSocketAccess(flags: readonly string[], socketPath: string): string[] {
  if (socketPath.includes(",")) {
    throw new Error(
      `the pool's private socket path ${socketPath} contains a comma, which Deno's --allow-* ` +
        "flags cannot list: set TMPDIR to a directory without commas",
    );
  }
  const result = [...flags];
  const items: Array<[string, string]> = [
    ["read", socketPath],
    ["write", socketPath],
    ["net", `unix:${socketPath}`],
  ];
  for (const [kind, item] of items) {
    const all = `--allow-${kind}`;
    const listed = result.findIndex((flag) => flag.startsWith(`${all}=`));
    if (result.includes(all)) continue;
    if (listed >= 0) result[listed] = `${result[listed]},${item}`;
    else result.push(`${all}=${item}`);
  }
  return result;
}
