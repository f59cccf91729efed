/**
 * What a worker accepts to run, decided from an entry's header before any argument is
 * deserialized: tasks (and initializers) from modules under its `--allow-module` prefixes, and
 * functions sent as source text only as far as `--allow-source` allows.
 *
 * A function sent with the pool's module (`{ module, name, source }`) may turn out to be that
 * module's export, which any worker runs, or a different function, which must be compiled from
 * its source: which one only the local Pool's worker knows, once it has imported the module.
 * So a worker without `--allow-source` admits it here, and hands it to its local Pool marked so
 * that the local worker refuses to compile it (see {@linkcode localTask}): such a worker never
 * compiles source text. What can only be compiled (no module, or `twins`) it refuses here.
 *
 * @module
 */
import type { TaskHeader, TaskSource } from "../cluster/wire.ts";
import { type AnyFunction, remoteTask } from "../worker/task_ref.ts";
import { allowedModule } from "../cluster/_module_prefix.ts";

export { allowedModule };

/** Why a worker without `--allow-source` compiles nothing: the end of each such refusal. */
export const SOURCE_REFUSED = "this worker was not started with --allow-source, so it runs only " +
  "exports of modules under its --allow-module prefixes. Export the function from the pool's " +
  "module (and pass it, or its export name as a string), or start the worker with --allow-source";

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
  const check = (task: TaskSource, what: string): void => {
    if ("module" in task) {
      if (!allowedModule(task.module, allowModule)) {
        throw new TypeError(
          `${what} refused: its module ${task.module} is not under this worker's ` +
            `--allow-module prefixes (${allowModule.join(", ")}); start the worker with ` +
            "--allow-module <a prefix of that URL>",
        );
      }
      if (!task.twins || allowSource) return;
    }
    if (!allowSource) {
      const why = "module" in task
        ? "several different live functions with this name and source were sent, so it can " +
          "only be compiled from its source text"
        : "it was sent as source text without a module";
      throw new TypeError(`${what} refused: ${why}, and ${SOURCE_REFUSED}`);
    }
  };
  return (header) => {
    const name = header.task.name === undefined ? "" : ` ${header.task.name}`;
    check(header.task, `Task${name} of call ${header.call}`);
    if (header.initializer !== undefined) {
      const init = header.initializer.name === undefined ? "" : ` ${header.initializer.name}`;
      check(header.initializer, `The initializer${init} of pool ${header.pool}`);
    }
  };
}

/**
 * What to hand the local Pool for `task`: a stand-in for the export or function sent (see
 * `remoteTask`), marked, when `allowSource` is false, so that the local worker refuses to
 * compile it.
 */
export function localTask(task: TaskSource, allowSource: boolean): AnyFunction {
  // By export name alone: the local worker takes the export (an empty source means that).
  if (task.source === undefined) return remoteTask({ name: task.name!, source: "" });
  return remoteTask({
    name: task.name ?? "<anonymous>",
    source: task.source,
    ...(task.twins ? { twins: true } : {}),
    ...(allowSource ? {} : { noSource: SOURCE_REFUSED }),
  });
}
