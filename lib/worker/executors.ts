/**
 * Which executor a pool's slots get: a worker thread, or (with `isolation: "process"`) a child
 * `deno` process, each under the pool's permissions.
 *
 * @module
 */
import type { ExecutorFactory } from "./executor.ts";
import type { IsolationSettings } from "./isolation.ts";
import {
  missingWorkerOptionsError,
  workerOptionsEnabled,
  workerPermissions,
} from "./permissions.ts";
import { childResolutionFlags } from "./_child_resolution.ts";
import { ProcessExecutor } from "./process_executor.ts";
import { type PrebuiltWorkers, ThreadExecutor } from "./thread_executor.ts";
import { requireDeno, requireDenoCli } from "../internal/runtime.ts";
import { preloadNodeV8 } from "../wire/_node_v8.ts";

/** How {@linkcode executorFactory}'s executors are made, besides their settings. */
export interface ExecutorFactoryOptions {
  /** Names the Pool or Process in errors; `"Pool"` by default. */
  readonly owner?: string;
  /** Worker threads that inherit permissions come from a Process's warm spares (`_spare.ts`). */
  readonly spare?: boolean;
  /** Worker threads are first asked of this source of workers built ahead (a pool's). */
  readonly prebuilt?: PrebuiltWorkers | undefined;
}

/**
 * Makes executors with `settings`; throws if the permissions cannot be applied.
 */
export function executorFactory(
  settings: IsolationSettings,
  module: string | null,
  factoryOptions: ExecutorFactoryOptions = {},
): ExecutorFactory {
  const { owner = "Pool", spare = false, prebuilt } = factoryOptions;
  if (settings.isolation === "process") {
    requireDenoCli(`${owner} option isolation: "process"`);
    // Frames are node:v8 bytes. A spawn in this same tick (a Pool's, a Process started at
    // once) loads it synchronously; a later one finds it loaded by now.
    preloadNodeV8();
    const options = {
      permissions: settings.permissions,
      heapLimitMb: settings.heapLimitMb,
      module,
      // Read once, at construction: a config that cannot be told fails here, not in a child.
      resolution: childResolutionFlags(`${owner} option isolation: "process"`),
    };
    return (spec, listener) => new ProcessExecutor(spec, listener, options);
  }
  if (settings.permissions === "inherit") {
    const options = { spare, prebuilt };
    return (spec, listener) => new ThreadExecutor(spec, listener, options);
  }
  requireDeno(`${owner} option permissions`);
  // Without the flag, Deno would exit the whole process when the worker is created.
  if (!workerOptionsEnabled()) throw missingWorkerOptionsError(`${owner} option permissions`);
  // A restricted worker still needs to read the library and the task module it imports.
  const permissions = workerPermissions(settings.permissions, {
    libraryUrl: new URL("../../", import.meta.url).href,
    moduleUrl: module,
  });
  return (spec, listener) => new ThreadExecutor(spec, listener, { permissions, prebuilt });
}
