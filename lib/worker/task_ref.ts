/**
 * Parent side: what travels for a task function. The parent cannot import the pool's module to
 * check its exports (it is usually the main module, still evaluating while it awaits the pool),
 * so it sends the function's name and source and lets the worker, which has imported the module,
 * decide (see `task_catalog.ts`).
 *
 * Closures made by one factory (`scaleBy(2)`, `scaleBy(4)`) have the same name and source, so
 * the worker cannot tell them apart by what travels. What the parent can see is that it was
 * given two different live function objects with the same name and source: from then on both
 * travel as twins, which the worker never takes from the module by reference (it compiles them
 * from source: a self-contained function still runs, a closure fails saying why). The same
 * inline arrow re-created on each turn of a loop is such a pair too, and compiled from source it
 * is right, so twins are not refused.
 *
 * @module
 */
import type { TaskRef } from "./protocol.ts";
import { baseUrl } from "../internal/runtime.ts";
import { describe } from "../internal/check.ts";

/** Anything callable; task signatures are checked where the pool's methods are typed. */
// deno-lint-ignore no-explicit-any
export type AnyFunction = (...args: any[]) => unknown;

/**
 * Normalizes a `module` option to an absolute URL; relative paths count from the cwd (the page,
 * in a browser).
 */
export function moduleUrl(module: string | URL, option = "module"): string {
  if (module instanceof URL) return module.href;
  if (typeof module !== "string" || module === "") {
    throw new TypeError(
      `Pool option ${option} must be a URL or path of a module (usually import.meta.url), ` +
        `received ${module === "" ? "an empty string" : typeof module}`,
    );
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(module)) return new URL(module).href;
  return new URL(module, baseUrl()).href;
}

const refs = new WeakMap<AnyFunction, TaskRef>();
const namedRefs = new Map<string, TaskRef>();
const EXPORT_NAME = /^[A-Za-z_$][\w$]*$/;
// Name and source → the first live function sent with them; entries go when it is collected.
const firstWithText = new Map<string, WeakRef<AnyFunction>>();
const forgetText = new FinalizationRegistry<string>((text) => {
  if (firstWithText.get(text)?.deref() === undefined) firstWithText.delete(text);
});

// An unnamed function is "<anonymous>": no export can be declared under that name.
function functionRef(task: AnyFunction): TaskRef {
  const name = task.name || "<anonymous>";
  const source = Function.prototype.toString.call(task);
  const text = `${name}\n${source}`;
  const first = firstWithText.get(text)?.deref();
  if (first === undefined) {
    firstWithText.set(text, new WeakRef(task));
    forgetText.register(task, text);
    return { name, source };
  }
  // A second function that looks the same: mark both, so neither is taken for an export.
  const twin: TaskRef = { name, source, twins: true };
  refs.set(first, twin);
  return twin;
}

/**
 * The reference that sends a task: a function (made once per function), or the name of an
 * export of the pool's module (then `source` is empty). Throws a `TypeError` naming `method`
 * for anything else.
 */
export function taskRef(task: unknown, hasModule: boolean, method = "Pool"): TaskRef {
  if (typeof task === "function") {
    let ref = refs.get(task as AnyFunction);
    if (ref === undefined) refs.set(task as AnyFunction, ref = functionRef(task as AnyFunction));
    return ref;
  }
  if (typeof task === "string" && EXPORT_NAME.test(task)) {
    if (!hasModule) {
      throw new TypeError(
        `${method} was given the task name "${task}", but the pool has no module to find it ` +
          "in: pass the function itself, or create the pool with { module: import.meta.url }",
      );
    }
    let ref = namedRefs.get(task);
    if (ref === undefined) namedRefs.set(task, ref = { name: task, source: "" });
    return ref;
  }
  throw new TypeError(
    `${method} expects a task function (or the name of an export of the pool's module) as ` +
      `its first argument, received ${describe(task)}`,
  );
}

/**
 * Internal (not exported by any `mod.ts`): a stand-in function for a {@linkcode TaskRef} that
 * arrived from elsewhere (a cluster worker's entry), to hand to a local Pool as its task or
 * initializer. `taskRef()` returns `ref` for it as is, so the source text travels on to the
 * Pool's worker (thread or child process), which resolves it as it resolves any task: nothing
 * is evaluated on this thread, and calling the stand-in here throws. The shape of `ref` is
 * checked (a TypeError says what is wrong); its copy is frozen.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const ref = { name: "double", source: "(x) => x * 2" };
 * const task = remoteTask(ref);
 * assert.deepEqual(taskRef(task, false), ref);
 * assert.throws(() => task(1), /runs in a worker/);
 * ```
 */
export function remoteTask(ref: TaskRef): AnyFunction {
  const { name, source, twins, noSource } = ref ?? {};
  if (typeof name !== "string" || name === "" || typeof source !== "string") {
    throw new TypeError("remoteTask() needs { name: a non-empty string, source: a string }");
  }
  if (
    (twins !== undefined && twins !== true) || !["undefined", "string"].includes(typeof noSource)
  ) {
    throw new TypeError("remoteTask()'s twins must be true or absent, noSource a string or absent");
  }
  const copy: { -readonly [K in keyof TaskRef]: TaskRef[K] } = { name, source };
  if (twins) copy.twins = true;
  if (noSource !== undefined) copy.noSource = noSource;
  const standIn = (): never => {
    throw new TypeError(
      `task "${name}" arrived from another machine: it runs in a worker of a local Pool, not here`,
    );
  };
  refs.set(standIn, Object.freeze(copy));
  return Object.freeze(standIn);
}
