// Which values cannot cross to another machine, and where they are: the TypeError an encode
// throws names the path of the first value that cannot be serialized (a function, a symbol, a
// shared-memory object, a WeakMap…) and why. Also a cheap upper bound of a value's serialized
// size, so that only arguments that may be big are serialized alone to be measured.
import { isShareable, shareableKind } from "../wire/shareable.ts";
import { serialize } from "./_wire_frame.ts";

interface Culprit {
  readonly path: string;
  readonly kind: string;
  readonly reason: string;
}

/**
 * The TypeError for a value that cannot cross: `label` says whose value it is ("call 7's
 * arguments"), `root` is the value as the caller gave it, `path` its name in messages ("args").
 */
export function crossingError(
  label: string,
  root: unknown,
  path: string,
  cause?: unknown,
): TypeError {
  const found = findCulprit(root, path, new Set(), 0);
  if (found === null) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new TypeError(`${label} cannot be sent to another machine: ${reason}`, { cause });
  }
  return new TypeError(
    `${label} cannot be sent to another machine: ${found.path} is ${found.kind}, which cannot ` +
      `cross (${found.reason}). Expected data (numbers, strings, arrays, ` +
      "plain objects, Maps, Sets, Dates, typed arrays, Errors), received " +
      `${found.kind} at ${found.path}`,
    { cause },
  );
}

function property(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function ownProblem(value: unknown): Omit<Culprit, "path"> | null {
  if (typeof value === "function") {
    const name = typeof value.name === "string" && value.name !== "" ? ` (${value.name})` : "";
    return {
      kind: `a function${name}`,
      reason: "code does not travel as a value: pass data, or send the task by its export name",
    };
  }
  if (typeof value === "symbol") {
    return { kind: `a symbol (${String(value)})`, reason: "symbols are unique to one program" };
  }
  if (typeof value !== "object" || value === null) return null;
  const shared = value instanceof SharedArrayBuffer ||
    (ArrayBuffer.isView(value) && value.buffer instanceof SharedArrayBuffer);
  if (shared || isShareable(value)) {
    const kind = value instanceof SharedArrayBuffer
      ? "SharedArrayBuffer"
      : ArrayBuffer.isView(value)
      ? `${tag(value)} over a SharedArrayBuffer`
      : shareableKind(value);
    return {
      kind: `${/^[AEIOU]/.test(kind) ? "an" : "a"} ${kind}`,
      reason: "shared memory, locks, queues and pipes live in one machine's memory; pass their " +
        "current values, or use a local Pool to share them",
    };
  }
  return null;
}

function tag(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

function children(value: object, path: string): Array<readonly [string, unknown]> {
  if (Array.isArray(value)) return value.map((item, i) => [`${path}[${i}]`, item] as const);
  if (value instanceof Map) {
    return [...value].flatMap(([key, item], i) => [
      [`${path} key ${i}`, key] as const,
      [`${path} value ${i}`, item] as const,
    ]);
  }
  if (value instanceof Set) {
    return [...value].map((item, i) => [`${path} item ${i}`, item] as const);
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return [];
  const keys = value instanceof Error
    ? Object.getOwnPropertyNames(value).filter((key) => key !== "stack")
    : Object.keys(value);
  return keys.map((key) => [path + property(key), Reflect.get(value, key)] as const);
}

function findCulprit(
  value: unknown,
  path: string,
  seen: Set<object>,
  depth: number,
): Culprit | null {
  const own = ownProblem(value);
  if (own !== null) return { path, ...own };
  if (typeof value !== "object" || value === null || seen.has(value) || depth > 256) return null;
  seen.add(value);
  for (const [childPath, child] of children(value, path)) {
    const found = findCulprit(child, childPath, seen, depth + 1);
    if (found !== null) return found;
  }
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value) || proto === Object.prototype || proto === null) return null;
  try {
    serialize(value); // a WeakMap, a Promise, a MessagePort: v8 says why
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { path, kind: `a ${tag(value)}`, reason };
  }
}

/**
 * Whether `value`'s `node:v8` serialization may take more than `limit` bytes: an upper bound,
 * read without serializing (strings count two bytes a character, shared references once).
 */
export function mayExceed(value: unknown, limit: number): boolean {
  let total = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    total += 10;
    if (typeof item === "string") total += 2 * item.length;
    else if (typeof item === "bigint") total += item.toString(16).length;
    else if (typeof item === "object" && item !== null && !seen.has(item)) {
      seen.add(item);
      if (item instanceof ArrayBuffer) total += item.byteLength;
      else if (ArrayBuffer.isView(item)) total += item.buffer.byteLength;
      else if (Array.isArray(item)) {
        // A long (maybe sparse) array is measured by serializing it rather than walked here.
        if (item.length > limit) return true;
        for (const v of item) stack.push(v);
      } else if (item instanceof Map) { for (const [k, v] of item) stack.push(k, v); }
      else if (item instanceof Set) { for (const v of item) stack.push(v); }
      else if (item instanceof RegExp) total += 2 * item.source.length;
      else {
        for (const key of Object.keys(item)) {
          total += 10 + 2 * key.length;
          stack.push((item as Record<string, unknown>)[key]);
        }
      }
    }
    if (total > limit) return true;
  }
  return false;
}
