/**
 * What a worker accepts to run, decided from an entry's header before any argument is
 * deserialized: module tasks under its `--allow-module` prefixes only, and no source text.
 *
 * @module
 */
import type { TaskHeader } from "../cluster/wire.ts";

/**
 * Why source-text tasks are refused even with `--allow-source`: the local Pool runs a task sent
 * as a function, and the only way to make a function out of source text here is to evaluate it
 * on the bridge's own thread, where it could run any code before a worker sees it.
 */
export const SOURCE_UNSUPPORTED = "this worker cannot run tasks sent as source text, even when " +
  "started with --allow-source: its local Pool only takes functions, and making one from the " +
  "text would evaluate it on the bridge's own thread, outside any worker or sandbox. Export the " +
  "task from a module under the worker's --allow-module prefixes and send it by name";

/**
 * The `admit` function of `decodeTask` for a worker with these rules: it throws a TypeError
 * naming the module URL and the allowed prefixes, or the `--allow-source` flag.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const admit = admission(["https://example.com/tasks/"], false);
 * const header = { pool: "p", call: 1, chunk: 0, kind: "map" as const };
 * admit({ ...header, task: { module: "https://example.com/tasks/count.ts", name: "count" } });
 * assert.throws(
 *   () => admit({ ...header, task: { module: "https://evil.example/x.ts", name: "x" } }),
 *   /--allow-module/,
 * );
 * assert.throws(() => admit({ ...header, task: { source: "(x) => x" } }), /--allow-source/);
 * ```
 */
export function admission(
  allowModule: readonly string[],
  allowSource: boolean,
): (header: TaskHeader) => void {
  return (header) => {
    const task = header.task;
    if ("source" in task) {
      if (!allowSource) {
        throw new TypeError(
          `Task of call ${header.call} refused: it was sent as source text, and this worker ` +
            "was not started with --allow-source (export the task from a module the worker " +
            "may import, or start the worker with --allow-source)",
        );
      }
      throw new TypeError(`Task of call ${header.call} refused: ${SOURCE_UNSUPPORTED}`);
    }
    if (!allowedModule(task.module, allowModule)) {
      throw new TypeError(
        `Task ${task.name} of call ${header.call} refused: its module ${task.module} is not ` +
          `under this worker's --allow-module prefixes (${allowModule.join(", ")}); start ` +
          "the worker with --allow-module <a prefix of that URL>",
      );
    }
  };
}

/**
 * Whether `module` is under one of `prefixes`, both normalized as URLs (the local Pool imports
 * the normalized URL), so that `..` segments cannot step out of an allowed directory.
 */
export function allowedModule(module: string, prefixes: readonly string[]): boolean {
  let url: string;
  try {
    url = new URL(module).href;
  } catch {
    return false;
  }
  return prefixes.some((prefix) => url.startsWith(new URL(prefix).href));
}
