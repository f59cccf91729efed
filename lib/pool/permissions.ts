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
 * library's directory (a task module usually imports the library), or import access to their
 * hosts, and nothing else: a task module's other imports must be covered by the option itself.
 *
 * @module
 */
import { describe } from "./task_ref.ts";

/** What one kind of access may reach: all (`true`), none (`false`), the parent's, or a list. */
export type PermissionValue = boolean | "inherit" | string[];

/** Like {@linkcode PermissionValue}, for kinds whose lists may hold `file:` URLs as well. */
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
 * plus read access to the task module and the library's directory (or import access to their
 * hosts), as far as this process holds it, since a worker cannot get more (`new Worker` would
 * throw "Can't escalate parent thread permissions"). `needs.libraryUrl` defaults to this
 * library's root; without `needs.moduleUrl` a task module outside `p`'s reach fails to load. For
 * `"inherit"` it returns `"inherit"`; leave `deno` out then, as any `deno.permissions` needs
 * `--unstable-worker-options` (see {@linkcode workerOptionsEnabled}).
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
    ? { read: false, write: false, net: false, env: false, run: false, ffi: false, sys: false }
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
 * library's directory (or import access to their hosts). `"inherit"` derives each kind from
 * `Deno.permissions.querySync`: a kind this process holds in full is passed on; one held only in
 * part (like `--allow-net=example.com`) cannot be listed, so only the code's needs and Deno's
 * default import hosts that this process holds are. Throws a `RangeError` for a list entry Deno
 * could not read back: one with a comma, or a URL that is not `file:`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const needs = { libraryUrl: "file:///opt/multiproc/", moduleUrl: "file:///app/tasks.ts" };
 * assert.deepEqual(childPermissionFlags({ net: true }, needs), [
 *   "--no-prompt",
 *   "--allow-read=/opt/multiproc,/app/tasks.ts",
 *   "--allow-net",
 *   "--deny-import",
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
  return flags;
}

/**
 * Whether this process can give workers their own permissions: it was started with
 * `--unstable-worker-options` or its config file lists `"worker-options"` under `"unstable"`.
 * `false` when that cannot be told. Deno offers no way to ask, and creating such a worker
 * without the flag ends the process (code 70), so this reads the command line from
 * `/proc/self/cmdline` (Linux, and Deno lets only a process with all permissions read it), and
 * the deno.json or deno.jsonc Deno would use (`--config`, or found upward from the main module's
 * directory, from the current one for `deno test` and `deno bench`; a workspace root's counts),
 * where read access allows. Without the command line, the config found from both directories
 * must agree, and `--config`/`--no-config` go unseen. `MULTIPROC_UNSTABLE_WORKER_OPTIONS=1` (or
 * `0`) in the environment, where env access allows, settles it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const isolation = workerOptionsEnabled() ? "thread" : "process";
 * assert.ok(isolation === "thread" || isolation === "process");
 * ```
 */
export function workerOptionsEnabled(): boolean {
  const override = granted({ name: "env", variable: ENV_OVERRIDE })
    ? Deno.env.get(ENV_OVERRIDE)
    : undefined;
  if (override === "1" || override === "0") return override === "1";
  const flags = denoFlags();
  const cwd = currentDir();
  const mainDir = Deno.mainModule.startsWith("file:") ? parentDir(urlPath(Deno.mainModule)) : null;
  if (flags === null) {
    return mainDir !== null && cwd !== null && configEnables(mainDir) === true &&
      configEnables(cwd) === true;
  }
  if (flags.includes("--unstable-worker-options")) return true;
  if (flags.includes("--no-config")) return false;
  const at = flags.findIndex((flag) => /^(-c|--config)(=|$)/.test(flag) || /^-c[^-]/.test(flag));
  if (at >= 0) {
    const flag = flags[at]!;
    const given = /^(-c|--config)$/.test(flag)
      ? flags[at + 1]
      : flag.replace(/^(--config=|-c=?)/, "");
    if (given === undefined || cwd === null && !given.startsWith("/")) return false;
    const config = readConfig(given.startsWith("/") ? given : `${cwd}/${given}`);
    return config !== null && config !== undefined && listsWorkerOptions(config);
  }
  const start = flags[1] === "test" || flags[1] === "bench" ? cwd : mainDir ?? cwd;
  return start !== null && configEnables(start) === true;
}

/**
 * The error for a worker `permissions` option when {@linkcode workerOptionsEnabled} is false.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = missingWorkerOptionsError("Pool option permissions");
 * assert.match(error.message, /^Pool option permissions needs .*--unstable-worker-options/);
 * ```
 */
export function missingWorkerOptionsError(what: string): Error {
  return new Error(
    `${what} needs Deno's worker permissions, an unstable API: start deno with ` +
      `--unstable-worker-options or add "unstable": ["worker-options"] to deno.json, or use ` +
      `isolation: "process" (child processes started with --allow-* flags). Neither was found ` +
      `on this process's command line (readable only with all permissions) nor in its deno.json, ` +
      `and without them Deno would end the process; if the flag is on, set ${ENV_OVERRIDE}=1 ` +
      `and allow reading it (--allow-env=${ENV_OVERRIDE})`,
  );
}

const ENV_OVERRIDE = "MULTIPROC_UNSTABLE_WORKER_OPTIONS";

function granted(descriptor: Deno.PermissionDescriptor): boolean {
  return Deno.permissions.querySync(descriptor).state === "granted";
}

/** `[kind, item]` pairs: the paths to read and hosts to import from to load the code. */
function codeNeeds(needs: CodeNeeds): Array<["read" | "import", string]> {
  const found: Array<["read" | "import", string]> = [];
  for (const url of [needs.libraryUrl, needs.moduleUrl]) {
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

/** A file: URL's path, without a trailing separator. */
function urlPath(url: string): string {
  const path = decodeURIComponent(new URL(url).pathname);
  const native = Deno.build.os === "windows" ? path.slice(1).replaceAll("/", "\\") : path;
  return native.length > 1 ? native.replace(/[\\/]$/, "") : native;
}

function parentDir(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut <= 0 ? path.slice(0, cut + 1) || path : path.slice(0, cut);
}

function currentDir(): string | null {
  try {
    return Deno.cwd();
  } catch {
    return null;
  }
}

/** Deno's own arguments (subcommand, flags, script), or `null` if they cannot be read. */
function denoFlags(): string[] | null {
  const path = "/proc/self/cmdline";
  const kinds = ["read", "write", "net", "env", "run", "ffi", "sys", "import"] as const;
  if (Deno.build.os !== "linux" || !kinds.every((name) => granted({ name }))) return null;
  try {
    const command = Deno.readTextFileSync(path).split("\0").slice(0, -1);
    return command.slice(0, command.length - Deno.args.length);
  } catch {
    return null;
  }
}

/** Whether the config found from `dir` upward enables worker options; `undefined`: unknown. */
function configEnables(dir: string): boolean | undefined {
  let nearest: Record<string, unknown> | null = null;
  for (let at = dir;; at = parentDir(at)) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      const config = readConfig(`${at.replace(/[\\/]$/, "")}/${name}`);
      if (config === undefined) return undefined;
      if (config === null) continue;
      // Only the workspace root's "unstable" counts.
      if ("workspace" in config) return listsWorkerOptions(config);
      nearest ??= config;
      break;
    }
    if (parentDir(at) === at) return nearest !== null && listsWorkerOptions(nearest);
  }
}

/** The parsed config at `path`; `null` if there is none, `undefined` if it cannot be read. */
function readConfig(path: string): Record<string, unknown> | null | undefined {
  if (!granted({ name: "read", path })) return undefined;
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    return error instanceof Deno.errors.NotFound ? null : undefined;
  }
  try {
    const parsed: unknown = JSON.parse(stripJsonc(text));
    return parsed !== null && typeof parsed === "object"
      ? parsed as Record<string, unknown>
      : undefined;
  } catch {
    return undefined;
  }
}

function listsWorkerOptions(config: Record<string, unknown>): boolean {
  return Array.isArray(config.unstable) && config.unstable.includes("worker-options");
}

/** JSONC to JSON: drops comments and trailing commas outside strings. */
function stripJsonc(text: string): string {
  return text.replace(
    /("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\/|,(?=(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*[}\]])/g,
    (match, string: string | undefined) => string ?? (match.startsWith(",") ? "" : " "),
  );
}
