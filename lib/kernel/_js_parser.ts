/**
 * Reads a function's source with acorn, the JavaScript parser `jit()` uses.
 *
 * acorn is imported with `import defer`: Deno links it with this module but evaluates it only
 * when `jit()` first parses something, so importing the kit costs about 1 ms for it instead of
 * about 13 ms, and `jit()` stays synchronous (a dynamic `import()` would make it async; Node's
 * `require` would start Deno's Node compatibility layer, about 30 ms). The first parse then pays
 * acorn's evaluation, about 5-10 ms, once per thread.
 *
 * @module
 */
import defer * as acorn from "npm:acorn@8.19.0";
import { KernelError } from "./kernel_error.ts";

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
 * at the spot if it does not parse.
 */
export function parseFunctionSource(source: string): JsNode {
  let node: JsNode | null = null;
  let failure: unknown = null;
  try {
    node = acorn.parseExpressionAt(source, 0, { ecmaVersion: "latest" }) as unknown as JsNode;
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
    throw new KernelError("unexpected text after the function", source, at, { caller: "jit()" });
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
      caller: "jit()",
      cause: failure,
      hint: typed
        ? "(fn.toString() still has TypeScript types: jit() needs the JavaScript that runs)"
        : "(jit() reads fn.toString())",
    },
  );
}

/** `source` read as the method of `({ <source> })`, or null; spans shifted back into `source`. */
function methodSource(source: string): JsNode | null {
  let object: JsNode;
  try {
    object = acorn.parseExpressionAt(`({${source}\n})`, 0, {
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
