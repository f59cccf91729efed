/**
 * Reads a function's source with acorn, the JavaScript parser `jit()` uses.
 *
 * acorn is loaded on first use, not at import: compiling its 230 KB adds about 9 ms to a
 * program's start even when its evaluation is deferred (`import defer`), and most programs that
 * import the kit never call `jit()`. `jit()` is synchronous, as `jax.jit` is, so the first call
 * loads acorn through Node's `require` (about 12 ms, plus about 30 ms to start Deno's Node
 * compatibility layer if nothing has started it yet); `await loadJit()` beforehand loads it by
 * `import()` instead (about 15-25 ms, no compatibility layer), and is the way where `require`
 * is unavailable (a browser, a library imported from a URL outside any npm resolution).
 *
 * @module
 */
import type * as Acorn from "npm:acorn@8.19.0";
import { KernelError } from "./kernel_error.ts";

let acorn: typeof Acorn | null = null;

/**
 * Loads acorn, the parser `jit()` reads functions with, so that the first `jit()` does not load
 * it synchronously. Optional on Deno; needed where Node's `require` is not available.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jit } from "./jit.ts";
 * await loadJit();
 * assert.deepEqual(jit((x: number) => x + 1)(new Float64Array([1])), new Float64Array([2]));
 * ```
 */
export async function loadJit(): Promise<void> {
  acorn ??= await import("npm:acorn@8.19.0");
}

// The dynamic import in loadJit() puts acorn in the module graph, so Deno has resolved and
// cached it before the program runs and `require` finds it by name (as mathjs in _mathjs.ts).
function requireAcorn(): typeof Acorn {
  const from = import.meta.url.startsWith("file:") ? import.meta.url : `file://${Deno.cwd()}/`;
  // Reached through `process` rather than imported: a static `node:` import would start Deno's
  // Node compatibility layer whenever the kit is imported.
  const { createRequire } = globalThis.process.getBuiltinModule("node:module");
  const loaded = createRequire(from)("acorn") as typeof Acorn;
  if (typeof loaded.parseExpressionAt !== "function") {
    throw new Error("the module found has no parseExpressionAt()");
  }
  return loaded;
}

function parser(): typeof Acorn {
  if (acorn !== null) return acorn;
  try {
    acorn = requireAcorn();
  } catch (error) {
    throw new Error(
      "jit() needs the acorn parser, which could not be loaded synchronously here " +
        `(${error instanceof Error ? error.message.split("\n")[0] : String(error)}): ` +
        "`await loadJit()` once before the first jit()",
      { cause: error },
    );
  }
  return acorn;
}

/** An ESTree node as `jit()` reads it: its kind, its span in the source, and its fields. */
export interface JsNode {
  readonly type: string;
  /** 0-based offset of the node's first character in the source. */
  readonly start: number;
  /** 0-based offset just past the node's last character. */
  readonly end: number;
  readonly [field: string]: unknown;
}

/**
 * The function expression `source` holds (`fn.toString()` of an arrow function, a function
 * expression or declaration, or a method), with spans into `source`. A KernelError with a caret
 * at the spot if it does not parse, its message starting with `caller`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const node = parseFunctionSource("area(w, h) { return w * h; }");
 * assert.equal(node.type, "FunctionExpression");
 * assert.equal(node.start, 4); // a method's function starts at its parameters
 * ```
 */
export function parseFunctionSource(source: string, caller = "jit()"): JsNode {
  let node: JsNode | null = null;
  let failure: unknown = null;
  try {
    node = parser().parseExpressionAt(source, 0, { ecmaVersion: "latest" }) as unknown as JsNode;
  } catch (error) {
    failure = error;
  }
  if (node !== null && source.slice(node.end).trim() === "") return node;
  // A method's source (`f(x) { return x; }`) reads as a call followed by a block.
  const method = methodSource(source);
  if (method !== null) return method;
  if (node !== null) {
    const at = node.end +
      (source.slice(node.end).length - source.slice(node.end).trimStart().length);
    throw new KernelError("unexpected text after the function", source, at, { caller });
  }
  const position = (failure as { pos?: unknown }).pos;
  const at = typeof position === "number" ? Math.min(position, source.length) : null;
  const typed = at !== null && source[at] === ":";
  throw new KernelError(
    `cannot parse the function's source: ${
      String((failure as Error).message).replace(/ \(\d+:\d+\)$/, "")
    }`,
    source,
    at,
    {
      caller,
      cause: failure,
      hint: typed
        ? `(fn.toString() still has TypeScript types: ${caller} needs the JavaScript that runs)`
        : `(${caller} reads fn.toString())`,
    },
  );
}

/** `source` read as the method of `({ <source> })`, or null; spans shifted back into `source`. */
function methodSource(source: string): JsNode | null {
  let object: JsNode;
  try {
    object = parser().parseExpressionAt(`({${source}\n})`, 0, {
      ecmaVersion: "latest",
    }) as unknown as JsNode;
  } catch {
    return null;
  }
  const property = (object.properties as JsNode[] | undefined)?.[0];
  if (object.type !== "ObjectExpression" || property?.method !== true) return null;
  return shift(property.value as JsNode, -2);
}

/** A copy of `node` and its descendants with every span moved by `delta`. */
function shift(node: JsNode, delta: number): JsNode {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] = Array.isArray(value)
      ? value.map((item) => isNode(item) ? shift(item, delta) : item)
      : isNode(value)
      ? shift(value, delta)
      : value;
  }
  copy.start = node.start + delta;
  copy.end = node.end + delta;
  return copy as unknown as JsNode;
}

function isNode(value: unknown): value is JsNode {
  return typeof value === "object" && value !== null &&
    typeof (value as JsNode).type === "string" && typeof (value as JsNode).start === "number";
}
