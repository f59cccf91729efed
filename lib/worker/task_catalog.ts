/**
 * Worker side: turns a {@linkcode TaskRef} into a callable function, never the wrong one.
 *
 * - A task given by name (`pool.map("quadruple", …)`) is the module's export of that name. This
 *   is how to run a function a factory made.
 * - A task given as a function is the pool's module export `ref.name`, used as is (Python's
 *   pickling by reference: it sees its module's imports and state), only when all of these hold:
 *   its source text is `ref.source`; its own `name` is its export name (it was declared under
 *   that name, not returned by a call such as `scaleBy(4)`); no other exported function has the
 *   same source text (a factory made several); and the parent has not sent other live functions with this
 *   name and source (`ref.twins`, see `task_ref.ts`). Otherwise it is compiled from its source:
 *   right for a self-contained function, while a closure fails with a ReferenceError naming the
 *   missing variable, explained here (with the exports that share its source, if any).
 * - A ref marked `noSource` (a cluster worker started without `--allow-source`, see
 *   `remoteTask` in `task_ref.ts`) is never compiled: what would be compiled throws a TypeError
 *   ending with the mark's text instead.
 * - Resolved tasks are cached by source, name and twin flag together, never by source alone:
 *   closures made by one factory share their source text.
 *
 * What this cannot see: a closure compiled from source whose free variable happens to be a
 * global of the worker (`name`, `self`…) reads that global; and a factory whose inner function
 * has the very name of the one export it made, when a different closure from that factory is
 * the first function sent with that name, gets the export (the parent cannot tell the two
 * apart until a second one is sent; from then on both are compiled from source).
 *
 * @module
 */
import type { TaskRef } from "./protocol.ts";
import { classSpace } from "../wire/_class_space.ts";

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

function isReferenceError(error: unknown): error is ReferenceError {
  try {
    return error instanceof ReferenceError;
  } catch {
    return false; // a thrown Proxy whose prototype cannot be read
  }
}

function factoryHint(ref: TaskRef, catalog: TaskCatalog | null): string {
  const sharing = catalog?.exportsWithSource(ref.source) ?? [];
  if (sharing.length > 0) {
    return `. The pool's module exports ${sharing.join(", ")} with this same source text: ` +
      "functions made by a factory share their source, so the worker cannot tell which one " +
      "you mean: if it is one of them, pass its export name as a string, e.g. " +
      `pool.map("${sharing[sharing.length - 1]}", …)`;
  }
  if (ref.twins) {
    return `. Several different functions named "${ref.name}" with this same source were sent ` +
      "(closures made by one factory look alike), so none is taken from the module by " +
      "reference: export each one and pass its export name as a string, or make the function " +
      "self-contained";
  }
  return "";
}

/**
 * Appends the "export it from a module" advice to a ReferenceError from a source-sent task, and
 * names the exports that share its source when a factory made them. Returns anything else as is.
 */
export function explainReferenceError(
  error: unknown,
  task: ResolvedTask | null,
  ref: TaskRef,
  catalog: TaskCatalog | null = null,
): unknown {
  if (task === null || !task.fromSource || !isReferenceError(error)) return error;
  const message = `${error.message} in task "${ref.name}": ${SOURCE_HINT}${
    factoryHint(ref, catalog)
  }`;
  const explained = new ReferenceError(message, { cause: error });
  explained.stack = `ReferenceError: ${explained.message}\n${
    (error.stack ?? "").split("\n").slice(1).join("\n")
  }`;
  return explained;
}

/** Functions a worker can call, by reference. */
export class TaskCatalog {
  readonly #namespace: Record<string, unknown>;
  readonly #moduleUrl: string | null;
  // source → name (with the twin flag) → task.
  readonly #resolved = new Map<string, Map<string, ResolvedTask>>();
  #exportsBySource: Map<string, string[]> | null = null;

  private constructor(namespace: Record<string, unknown>, moduleUrl: string | null) {
    this.#namespace = namespace;
    this.#moduleUrl = moduleUrl;
  }

  /** Imports `moduleUrl` (if any); a failure names the URL and the loader's reason. */
  static async load(moduleUrl: string | null): Promise<TaskCatalog> {
    if (moduleUrl === null) return new TaskCatalog({}, null);
    let namespace: Record<string, unknown>;
    try {
      namespace = await import(moduleUrl);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`could not load the pool's module ${moduleUrl}: ${reason}`, {
        cause: error,
      });
    }
    // Instances of its exported classes that arrive are revived from it.
    classSpace(moduleUrl).noteNamespace(namespace);
    return new TaskCatalog(namespace, moduleUrl);
  }

  /** The function `ref` names; throws if it cannot be had. */
  resolve(ref: TaskRef): ResolvedTask {
    if (ref.source === "") return this.#byName(ref.name);
    let byName = this.#resolved.get(ref.source);
    if (byName === undefined) this.#resolved.set(ref.source, byName = new Map());
    const key = ref.twins ? `${ref.name} (twins)` : ref.name;
    let task = byName.get(key);
    if (task === undefined) {
      task = this.#byReference(ref) ?? this.#compile(ref);
      byName.set(key, task);
    }
    // Cached by another ref that could be compiled: this one may not be.
    if (task.fromSource && ref.noSource !== undefined) this.#compile(ref);
    return task;
  }

  // The task compiled from its source, unless `ref.noSource` forbids it.
  #compile(ref: TaskRef): ResolvedTask {
    if (ref.noSource !== undefined) {
      throw new TypeError(
        `task "${ref.name}" is not the pool's module export of that name (no such export, ` +
          "its source text differs, or several functions share it), so it would be compiled " +
          `from its source text, which is refused here: ${ref.noSource}`,
      );
    }
    return { fn: compileSource(ref.source, ref.name), fromSource: true };
  }

  /** Names of the module's function exports whose source text is `source`. */
  exportsWithSource(source: string): readonly string[] {
    if (this.#exportsBySource === null) {
      this.#exportsBySource = new Map();
      for (const key of Object.keys(this.#namespace)) {
        const value = this.#read(key);
        if (typeof value !== "function") continue;
        const text = Function.prototype.toString.call(value);
        const keys = this.#exportsBySource.get(text);
        if (keys === undefined) this.#exportsBySource.set(text, [key]);
        else keys.push(key);
      }
    }
    return this.#exportsBySource.get(source) ?? [];
  }

  // The export `ref` is, when nothing else could be meant (the rules are in the module doc).
  #byReference(ref: TaskRef): ResolvedTask | null {
    if (ref.twins) return null;
    const exported = this.#read(ref.name);
    if (typeof exported !== "function" || exported.name !== ref.name) return null;
    const sharing = this.exportsWithSource(ref.source);
    // The same function exported twice (`export default work` too) is still one function.
    if (!sharing.includes(ref.name) || sharing.some((key) => this.#read(key) !== exported)) {
      return null;
    }
    return { fn: exported as TaskFunction, fromSource: false };
  }

  // An export, or undefined; a binding still in its temporal dead zone throws when read.
  #read(key: string): unknown {
    if (!Object.hasOwn(this.#namespace, key)) return undefined;
    try {
      return this.#namespace[key];
    } catch {
      return undefined;
    }
  }

  /** The export named `name`, or an error that lists the module's function exports. */
  #byName(name: string): ResolvedTask {
    const exported = this.#read(name);
    if (typeof exported === "function") return { fn: exported as TaskFunction, fromSource: false };
    const functions = Object.keys(this.#namespace)
      .filter((key) => typeof this.#read(key) === "function");
    const listed = functions.length === 0 ? "none" : functions.join(", ");
    const what = exported === undefined
      ? "does not export"
      : "exports something other than a function as";
    throw new ReferenceError(
      `the pool's module ${this.#moduleUrl} ${what} "${name}"; its function exports: ${listed}`,
    );
  }
}
