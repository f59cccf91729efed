// Whether a task module lies under a worker's --allow-module prefixes: the worker's admission and
// the pool's check that some live worker may import its module use this one rule.

/**
 * Whether `module` is under one of `prefixes`, both normalized as URLs (the local Pool imports
 * the normalized URL), so that `..` segments cannot step out of an allowed directory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(allowedModule("https://a.example/tasks/x.ts", ["https://a.example/tasks/"]));
 * assert.ok(!allowedModule("https://a.example/tasks/../x.ts", ["https://a.example/tasks/"]));
 * ```
 */
export function allowedModule(module: string, prefixes: readonly string[]): boolean {
  let url: string;
  try {
    url = new URL(module).href;
  } catch {
    return false;
  }
  return prefixes.some((prefix) => {
    try {
      return url.startsWith(new URL(prefix).href);
    } catch {
      return false; // an announcement with a broken prefix allows nothing
    }
  });
}
