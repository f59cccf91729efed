/**
 * Whether this Deno process may give workers their own permissions (`--unstable-worker-options`).
 * Deno has no API to ask, and a worker created with permissions without the flag ends the whole
 * process (code 70), so the command line and the config file are read instead.
 *
 * @module
 */

const ENV_OVERRIDE = "MULTIPROC_UNSTABLE_WORKER_OPTIONS";

/** Whether `descriptor` is granted, asked without prompting. */
export function granted(descriptor: Deno.PermissionDescriptor): boolean {
  return Deno.permissions.querySync(descriptor).state === "granted";
}

/** A file: URL's path, without a trailing separator. */
export function urlPath(url: string): string {
  const path = decodeURIComponent(new URL(url).pathname);
  const native = Deno.build.os === "windows" ? path.slice(1).replaceAll("/", "\\") : path;
  return native.length > 1 ? native.replace(/[\\/]$/, "") : native;
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
