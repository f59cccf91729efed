/**
 * Whether this Deno process may give workers their own permissions (`--unstable-worker-options`).
 * Deno has no API to ask, and a worker created with permissions without the flag ends the whole
 * process (code 70), so the command line and the config file are read instead.
 *
 * @module
 */

import {
  currentDir,
  denoFlags,
  granted,
  mainModuleDir,
  readConfig,
  searchConfig,
} from "./_deno_config.ts";

const ENV_OVERRIDE = "MULTIPROC_UNSTABLE_WORKER_OPTIONS";

/**
 * Whether this process can give workers their own permissions: it was started with
 * `--unstable-worker-options` or its config file lists `"worker-options"` under `"unstable"`.
 * `false` when that cannot be told. Deno offers no way to ask, and creating such a worker
 * without the flag ends the process (code 70), so this reads the command line from
 * `/proc/self/cmdline` (Linux, and Deno lets only a process with all permissions read it), and
 * the deno.json or deno.jsonc Deno would use (`--config`, or found upward from the main module's
 * directory, from the current one for `deno test` and `deno bench`; a workspace root's counts),
 * where read access allows. Without the command line, the config found from both directories
 * must agree, and `--config`/`--no-config` go unseen. Where the folders above the nearest config
 * cannot be read, it counts as the root (were it a workspace member, Deno would have warned at
 * start-up that its `"unstable"` is ignored). `MULTIPROC_UNSTABLE_WORKER_OPTIONS=1` (or
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
  const mainDir = mainModuleDir();
  if (flags === null) {
    // deno run starts from the main module's folder, deno test from the current one: both agree.
    return cwd !== null && configEnables(cwd) === true &&
      (mainDir === null || configEnables(mainDir) === true);
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
      `on this process's command line (readable only with all permissions) nor in the deno.json ` +
      `found from the main module's folder and the current one (read where --allow-read allows), ` +
      `and without them Deno would end the process; if the flag is on, set ${ENV_OVERRIDE}=1 ` +
      `and allow reading it (--allow-env=${ENV_OVERRIDE})`,
  );
}

function listsWorkerOptions(config: Record<string, unknown>): boolean {
  return Array.isArray(config.unstable) && config.unstable.includes("worker-options");
}

/** Whether the config found from `dir` upward enables worker options; `undefined`: unknown. */
function configEnables(dir: string): boolean | undefined {
  const { nearest, workspaceRoot, unreadable } = searchConfig(dir);
  if (nearest === null) return unreadable === null ? false : undefined;
  // Only the workspace root's "unstable" counts.
  return listsWorkerOptions((workspaceRoot ?? nearest).config);
}
