/**
 * Worker side: turns a {@linkcode TaskRef} into a callable function. An export of the pool's
 * module with the same name and source is used as is (Python's pickling by reference: it sees
 * its module's imports and state); any other function is compiled from its source text.
 *
 * @module
 */
import type { TaskRef } from "./protocol.ts";

/** A task function as the worker calls it. */
export type TaskFunction = (...args: unknown[]) => unknown;

/** A resolved task and how it was found. */
export interface ResolvedTask {
  readonly fn: TaskFunction;
  /** True when compiled from source: it cannot see the scope it was written in. */
  readonly fromSource: boolean;
}

const SOURCE_HINT = "the task function was sent to the worker as source text, so it cannot see " +
  "variables, imports or functions from the scope where it was written. Export it from a module " +
  "and create the pool with { module: import.meta.url } (or that module's URL)";

function compileSource(source: string, name: string): TaskFunction {
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    throw new TypeError(
      `task "${name}" is a native or bound function and cannot be sent to a worker: ` +
        "export a plain function from a module given as the pool's module",
    );
  }
  // `new Function` evaluates in the worker's global scope, which is all a task sent as source
  // may rely on.
  const evaluate = (text: string): unknown => new Function(`return (${text});`)();
  let compiled: unknown;
  try {
    compiled = evaluate(source);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // Method shorthand (`name(x) { … }`) prints without the `function` keyword.
    compiled = evaluate(
      source.startsWith("async ") ? `async function ${source.slice(6)}` : `function ${source}`,
    );
  }
  if (typeof compiled !== "function") {
    throw new TypeError(`task "${name}" did not compile to a function from its source`);
  }
  return compiled as TaskFunction;
}

/** Appends the "export it from a module" advice to a ReferenceError from a source-sent task. */
export function explainReferenceError(error: unknown, task: ResolvedTask | null, ref: TaskRef) {
  if (task === null || !task.fromSource || !(error instanceof ReferenceError)) return error;
  const explained = new ReferenceError(`${error.message} in task "${ref.name}": ${SOURCE_HINT}`, {
    cause: error,
  });
  explained.stack = `ReferenceError: ${explained.message}\n${
    (error.stack ?? "").split("\n").slice(1).join("\n")
  }`;
  return explained;
}

/** Functions a worker can call, by reference. */
export class TaskCatalog {
  readonly #namespace: Record<string, unknown>;
  readonly #moduleUrl: string | null;
  readonly #resolved = new Map<string, ResolvedTask>();

  private constructor(namespace: Record<string, unknown>, moduleUrl: string | null) {
    this.#namespace = namespace;
    this.#moduleUrl = moduleUrl;
  }

  /** Imports `moduleUrl` (if any); a failure names the URL and the loader's reason. */
  static async load(moduleUrl: string | null): Promise<TaskCatalog> {
    if (moduleUrl === null) return new TaskCatalog({}, null);
    try {
      return new TaskCatalog(await import(moduleUrl), moduleUrl);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`could not load the pool's module ${moduleUrl}: ${reason}`, {
        cause: error,
      });
    }
  }

  /** The function `ref` names; throws if it cannot be had. */
  resolve(ref: TaskRef): ResolvedTask {
    if (ref.source === "") return this.#byName(ref.name);
    let task = this.#resolved.get(ref.source);
    if (task === undefined) {
      const exported = Object.hasOwn(this.#namespace, ref.name)
        ? this.#namespace[ref.name]
        : undefined;
      task = typeof exported === "function" &&
          Function.prototype.toString.call(exported) === ref.source
        ? { fn: exported as TaskFunction, fromSource: false }
        : { fn: compileSource(ref.source, ref.name), fromSource: true };
      this.#resolved.set(ref.source, task);
    }
    return task;
  }

  /** The export named `name`, or an error that lists the module's function exports. */
  #byName(name: string): ResolvedTask {
    const exported = Object.hasOwn(this.#namespace, name) ? this.#namespace[name] : undefined;
    if (typeof exported === "function") return { fn: exported as TaskFunction, fromSource: false };
    const functions = Object.keys(this.#namespace)
      .filter((key) => typeof this.#namespace[key] === "function");
    const listed = functions.length === 0 ? "none" : functions.join(", ");
    const what = exported === undefined
      ? "does not export"
      : "exports something other than a function as";
    throw new ReferenceError(
      `the pool's module ${this.#moduleUrl} ${what} "${name}"; its function exports: ${listed}`,
    );
  }
}
