// The error for shared memory sent to a child process: what kind it was, and where in the value.
import { shareableKind } from "./shareable.ts";

/** A TypeError saying that `found`, inside `root`, cannot cross to a child process, and why. */
export function crossProcessError(root: unknown, found: object): TypeError {
  const kind = describe(found);
  const article = /^[AEIOU]/.test(kind) ? "an" : "a";
  const where = pathTo(root, found, "value", new Set()) ?? "a value inside";
  return new TypeError(
    `${where} is ${article} ${kind}, and shared-memory objects cannot be sent to a child ` +
      'process (isolation: "process"): OS processes share no memory in Deno. Expected plain ' +
      `data, received ${article} ${kind}. Use the default isolation ("thread") to share it, or ` +
      "pass plain data (its current values, say)",
  );
}

function describe(value: object): string {
  if (value instanceof SharedArrayBuffer) return "SharedArrayBuffer";
  if (ArrayBuffer.isView(value)) {
    return `${Object.prototype.toString.call(value).slice(8, -1)} over a SharedArrayBuffer`;
  }
  return shareableKind(value);
}

function property(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function mapKey(key: unknown, index: number): string {
  if (typeof key === "string") return JSON.stringify(key);
  if (typeof key === "number" || typeof key === "boolean") return String(key);
  return `<key ${index}>`;
}

/** Where `found` is inside `value`, as `value[0].counter`; `null` if it is not there. */
function pathTo(value: unknown, found: object, path: string, visited: Set<object>): string | null {
  if (value === found) return path;
  if (typeof value !== "object" || value === null || visited.has(value)) return null;
  visited.add(value);
  const children: Array<readonly [string, unknown]> = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => children.push([`${path}[${i}]`, item]));
  } else if (value instanceof Map) {
    [...value].forEach(([key, item], i) => {
      children.push([`${path} key ${i}`, key], [`${path}.get(${mapKey(key, i)})`, item]);
    });
  } else if (value instanceof Set) {
    [...value].forEach((item, i) => children.push([`${path} item ${i}`, item]));
  } else if (value instanceof Error) {
    for (const key of Object.getOwnPropertyNames(value)) {
      if (key !== "stack") children.push([path + property(key), Reflect.get(value, key)]);
    }
  } else if (!ArrayBuffer.isView(value)) {
    for (const key in value) {
      children.push([path + property(key), (value as Record<string, unknown>)[key]]);
    }
  }
  for (const [childPath, child] of children) {
    const found_ = pathTo(child, found, childPath, visited);
    if (found_ !== null) return found_;
  }
  return null;
}
