/**
 * mathjs, loaded once per thread and only when a string expression is first compiled: importing
 * the numeric kit costs nothing for it (mathjs takes about 0.5 s to load in a fresh process:
 * `deno task bench:costs`).
 *
 * On the main thread the first `compile()` loads it synchronously through Node's `require`, so
 * `compile()` stays synchronous as `jax.jit` is. Where that is impossible (a browser, a library
 * imported from a URL outside any npm resolution) `compile()` says to `await loadCompiler()`
 * first. A worker (or a pool's child process) loads it only on request, through
 * {@linkcode loadCompiler}, because every worker whose task module imports the library would
 * otherwise pay its load time whether or not it compiles anything.
 *
 * @module
 */
import type { parse } from "npm:mathjs@15.2.0";
import { isPoolChild } from "../internal/runtime.ts";

type Parse = typeof parse;

let parser: Parse | null = null;

/**
 * Loads mathjs's parser in this thread, so `compile()` works here. Needed in workers, and on a
 * main thread where `compile()` says so; elsewhere the first `compile()` loads it.
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

const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !==
  "undefined";
// A pool's child process (isolation: "process") is a main thread, but it is a worker in role.

// The dynamic import in loadCompiler() puts mathjs in the module graph, so Deno has resolved
// and cached it before the program runs, and `require` finds it by name. Resolved from this
// module when it is a file, else from the working directory.
function requireParser(): Parse {
  const from = import.meta.url.startsWith("file:") ? import.meta.url : `file://${Deno.cwd()}/`;
  // Reached through `process` rather than imported: a static `node:` import would start Deno's
  // Node compatibility layer (about 15 ms) whenever the kit is imported.
  const { createRequire } = globalThis.process.getBuiltinModule("node:module");
  const mathjs = createRequire(from)("mathjs") as { parse?: Parse };
  if (typeof mathjs.parse !== "function") throw new Error("the module found has no parse()");
  return mathjs.parse;
}

/** mathjs's `parse`, loaded now if this is the main thread; an Error saying what to do if not. */
export function mathjsParse(): Parse {
  if (parser !== null) return parser;
  if (inWorker || isPoolChild()) {
    throw new Error(
      "compile() needs mathjs's parser, which a worker loads only on request: " +
        "`await loadCompiler()` once in this worker before calling compile()",
    );
  }
  try {
    parser = requireParser();
  } catch (error) {
    throw new Error(
      "compile() needs mathjs's parser, which could not be loaded synchronously here " +
        `(${error instanceof Error ? error.message.split("\n")[0] : String(error)}): ` +
        "`await loadCompiler()` once before the first compile()",
      { cause: error },
    );
  }
  return parser;
}
