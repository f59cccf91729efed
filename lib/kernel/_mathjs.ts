/**
 * mathjs, loaded once per thread. On the main thread it is loaded when this module is imported
 * (top-level await), so `compile()` can be synchronous as `jax.jit` is; in a worker (or a pool's
 * child process) it is loaded only by {@linkcode loadCompiler}, because every worker whose task module imports the library
 * would otherwise pay its load time (about 0.45 s in a fresh process: `deno task bench:costs`) whether or not it compiles anything.
 *
 * @module
 */
import type { parse } from "npm:mathjs@15.2.0";
import { isPoolChild } from "../internal/runtime.ts";

type Parse = typeof parse;

let parser: Parse | null = null;

/**
 * Loads mathjs's parser in this thread, so `compile()` works here. Needed only in workers: on the
 * main thread importing the library already loaded it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile } from "./compile.ts";
 * await loadCompiler();
 * assert.deepEqual(compile("2*x")(new Float64Array([1])), new Float64Array([2]));
 * ```
 */
export async function loadCompiler(): Promise<void> {
  if (parser !== null) return;
  const mathjs = await import("npm:mathjs@15.2.0");
  parser = mathjs.parse;
}

/** mathjs's `parse`; an Error saying what to do if this thread has not loaded it. */
export function mathjsParse(): Parse {
  if (parser === null) {
    throw new Error(
      "compile() needs mathjs's parser, which a worker loads only on request: " +
        "`await loadCompiler()` once in this worker before calling compile()",
    );
  }
  return parser;
}

const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !==
  "undefined";
// A pool's child process (isolation: "process") is a main thread, but it is a worker in role.
if (!inWorker && !isPoolChild()) await loadCompiler();
