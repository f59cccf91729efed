/**
 * mathjs, loaded once per thread and only when a string expression is first compiled or a
 * function first differentiated (`grad()`): importing the numeric kit costs nothing for it (mathjs takes about 0.5 s to load in a fresh process:
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
import type { derivative, parse } from "npm:mathjs@15.2.0";
import { isPoolChild } from "../internal/runtime.ts";

type Parse = typeof parse;
type Derivative = typeof derivative;

/** The parts of mathjs the kit uses. */
interface MathJs {
  readonly parse: Parse;
  readonly derivative: Derivative;
}

let mathjs: MathJs | null = null;

/**
 * Loads mathjs in this thread, so `compile()` and `grad()` work here. Needed in workers, and on
 * a main thread where `compile()` or `grad()` says so; elsewhere their first call loads it.
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
  if (mathjs !== null) return;
  const loaded = await import("npm:mathjs@15.2.0");
  mathjs = { parse: loaded.parse, derivative: loaded.derivative };
}

const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !==
  "undefined";
// A pool's child process (isolation: "process") is a main thread, but it is a worker in role.

// The dynamic import in loadCompiler() puts mathjs in the module graph, so Deno has resolved
// and cached it before the program runs, and `require` finds it by name. Resolved from this
// module when it is a file, else from the working directory.
function requireMathJs(): MathJs {
  const from = import.meta.url.startsWith("file:") ? import.meta.url : `file://${Deno.cwd()}/`;
  // Reached through `process` rather than imported: a static `node:` import would start Deno's
  // Node compatibility layer (about 15 ms) whenever the kit is imported.
  const { createRequire } = globalThis.process.getBuiltinModule("node:module");
  const loaded = createRequire(from)("mathjs") as Partial<MathJs>;
  if (typeof loaded.parse !== "function" || typeof loaded.derivative !== "function") {
    throw new Error("the module found has no parse() or derivative()");
  }
  return { parse: loaded.parse, derivative: loaded.derivative };
}

/**
 * mathjs, loaded now if this is the main thread; an Error saying what to do if not. `caller`
 * (`"compile()"`, `"grad()"`) names who needs it in that message.
 */
function loaded(caller: string): MathJs {
  if (mathjs !== null) return mathjs;
  if (inWorker || isPoolChild()) {
    throw new Error(
      `${caller} needs mathjs, which a worker loads only on request: ` +
        `\`await loadCompiler()\` once in this worker before calling ${caller}`,
    );
  }
  try {
    mathjs = requireMathJs();
  } catch (error) {
    throw new Error(
      `${caller} needs mathjs, which could not be loaded synchronously here ` +
        `(${error instanceof Error ? error.message.split("\n")[0] : String(error)}): ` +
        `\`await loadCompiler()\` once before the first ${caller}`,
      { cause: error },
    );
  }
  return mathjs;
}

/** mathjs's `parse`, loaded now if this is the main thread; an Error saying what to do if not. */
export function mathjsParse(caller = "compile()"): Parse {
  return loaded(caller).parse;
}

/** mathjs's `derivative`, loaded as {@linkcode mathjsParse} is. */
export function mathjsDerivative(caller = "grad()"): Derivative {
  return loaded(caller).derivative;
}
