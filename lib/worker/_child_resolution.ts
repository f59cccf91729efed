/**
 * The flags that make a pool's child `deno` process resolve imports as this process does. A
 * child runs the library's entry script, so left alone Deno would look for a config file from
 * the library's folder, not the program's, and a task module importing the library through the
 * project's import map (`"multiproc": "../multiproc/mod.ts"`) would not load in it.
 *
 * @module
 */
import {
  type ConfigSearch,
  currentDir,
  denoFlags,
  mainModuleDir,
  searchConfig,
} from "./_deno_config.ts";

// Flags that change how modules are found and fetched, without a separate value.
const PASSED_AS_IS = /^--(no-config|no-lock|no-npm|no-remote|cached-only|unstable(-[a-z-]+)?)$/;
// Flags that take their value after `=` only (Deno's `require_equals`), or none.
const PASSED_WITH_VALUE = /^--(lock|frozen|node-modules-dir|vendor|config|import-map)(=|$)/;
// Deno's messages for an import it cannot resolve.
const UNRESOLVED = /not a dependency|not in import map|Relative import path/;
// Flags whose value may also be the next argument.
const VALUE_MAY_FOLLOW = /^(-c|--config|--import-map)$/;

/**
 * The resolution flags for a child process: on the command line when it can be read (all
 * permissions, Linux), this process's `--config`, `--no-config`, `--import-map`, lock,
 * node_modules, vendor and `--unstable-*` flags; otherwise, and when no config was named, the
 * deno.json or deno.jsonc Deno found (upward from the main module's folder for `deno run`, from
 * the current one for `deno test` and `deno bench`) as `--config`, or `--no-config` if none.
 * Throws an Error saying what to do when that config cannot be told: a folder on the way cannot
 * be read, or, without the command line, the two starting folders find different configs. A
 * `--config` or `--import-map` given to a process without all permissions cannot be seen.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const flags = childResolutionFlags('Pool option isolation: "process"');
 * assert.ok(flags.some((flag) => flag === "--no-config" || flag.startsWith("--config")));
 * ```
 */
export function childResolutionFlags(owner: string): string[] {
  const flags = denoFlags();
  const cwd = currentDir();
  const mainDir = mainModuleDir();
  if (flags !== null) {
    const passed = resolutionFlags(flags.slice(2));
    if (passed.some((flag) => /^--(config|no-config)(=|$)/.test(flag))) return passed;
    const fromCwd = flags[1] === "test" || flags[1] === "bench" || mainDir === null;
    return [...configFlag(owner, fromCwd ? cwd : mainDir), ...passed];
  }
  const found = configFlag(owner, mainDir ?? cwd);
  if (cwd === null || mainDir === null || cwd === mainDir) return found;
  // deno run reads the config found from the main module's folder, deno test and deno bench
  // the one found from the current directory: without the command line, they must agree.
  const fromMain = configPath(searchConfig(mainDir));
  const search = searchConfig(cwd);
  const unknown = search.nearest === null && search.unreadable !== null;
  if (unknown || configPath(search) === fromMain) return found;
  throw new Error(
    `${owner} starts child deno processes that must resolve imports as this one does, but ` +
      `which config this one uses cannot be told: deno run reads the one found from the main ` +
      `module's folder (${fromMain ?? "none"}), deno test the one found from the current ` +
      `directory (${configPath(search) ?? "none"}), and this process cannot read its command ` +
      `line. Run deno with all permissions (-A), or from a folder that finds the same config ` +
      `as the main module's`,
  );
}

/**
 * `cause`, when it is an import the child could not resolve, wrapped in an Error that says
 * which config the child was given, and how a `--config` or `--import-map` that this process
 * had but did not show can reach it; any other cause as it is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const cause = new TypeError('Import "lib/x.ts" not a dependency and not in import map');
 * const error = withResolutionHint(cause, ["--config=/app/deno.json"]) as Error;
 * assert.match(error.message, /started with --config=\/app\/deno\.json/);
 * assert.equal(error.cause, cause);
 * ```
 */
export function withResolutionHint(cause: unknown, resolution: readonly string[]): unknown {
  if (!(cause instanceof Error) || !UNRESOLVED.test(cause.message)) return cause;
  return new Error(
    `${cause.message}. The child process was started with ${resolution.join(" ")} to resolve ` +
      `imports as this program does; a --config or --import-map given to this program reaches ` +
      `it only when the library can read the command line: run deno with all permissions (-A), ` +
      `or put the imports in the deno.json Deno finds from the main module's folder`,
    { cause },
  );
}

/** Resolution flags among `args` (a command line after `deno <subcommand>`), values joined. */
function resolutionFlags(args: readonly string[]): string[] {
  const passed: string[] = [];
  for (let at = 0; at < args.length; at++) {
    const arg = args[at]!;
    if (VALUE_MAY_FOLLOW.test(arg) && at + 1 < args.length) {
      passed.push(`${arg === "-c" ? "--config" : arg}=${args[++at]}`);
    } else if (/^-c./.test(arg)) {
      passed.push(`--config=${arg.slice(arg[2] === "=" ? 3 : 2)}`);
    } else if (PASSED_AS_IS.test(arg) || PASSED_WITH_VALUE.test(arg)) {
      passed.push(arg);
    }
  }
  return passed;
}

/** `--config=<the config found from dir>`, or `--no-config`; throws if it cannot be told. */
function configFlag(owner: string, dir: string | null): string[] {
  if (dir === null) {
    throw new Error(
      `${owner} starts child deno processes that must resolve imports as this one does, but ` +
        `the current directory, where Deno looks for deno.json, cannot be read. Run deno with ` +
        `--allow-read of it`,
    );
  }
  const search = searchConfig(dir);
  if (search.nearest === null && search.unreadable !== null) {
    const folder = search.unreadable.replace(/[\\/]$/, "");
    throw new Error(
      `${owner} starts child deno processes that must resolve imports as this one does, so ` +
        `it looks for the deno.json Deno uses (upward from ${dir}), but cannot read ` +
        `${folder}/deno.json or ${folder}/deno.jsonc. Allow reading them ` +
        `(--allow-read=${folder}/deno.json,${folder}/deno.jsonc), or the folder, or run deno ` +
        `with all permissions (-A)`,
    );
  }
  const path = configPath(search);
  return path === null ? ["--no-config"] : [`--config=${path}`];
}

function configPath(search: ConfigSearch): string | null {
  return search.nearest?.path ?? null;
}
