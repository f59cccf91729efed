/**
 * What the library needs to know about where it runs: under Deno, or in a browser (the
 * `deno task bundle` build), which has no `Deno` namespace, no processes and no permissions.
 *
 * @module
 */

/** Whether this code runs under Deno rather than in a browser. */
export const IN_DENO: boolean = typeof Deno !== "undefined";

/** The OS pid under Deno; 1 in a browser tab, which has none to give. */
export const OS_PID: number = IN_DENO ? Deno.pid : 1;

/** Throws a TypeError saying that `feature` needs Deno, when running in a browser. */
export function requireDeno(feature: string): void {
  if (IN_DENO) return;
  throw new TypeError(
    `${feature} needs Deno: the browser build of multiproc runs tasks on Web Workers only, ` +
      "without processes, permissions or a file system. Leave the option out in a browser",
  );
}

/**
 * Throws a TypeError saying that `feature` needs the `deno` command, when running in a browser or
 * in a binary made by `deno compile` (whose `Deno.execPath()` is the binary itself, so it cannot
 * start `deno run`).
 */
export function requireDenoCli(feature: string): void {
  requireDeno(feature);
  if (!Deno.build.standalone) return;
  throw new TypeError(
    `${feature} needs the deno command to start child processes, and a binary made by ` +
      "deno compile has none: its Deno.execPath() is the binary itself. Use worker threads " +
      "(the default isolation) in compiled programs",
  );
}

/** The base that relative paths count from: the cwd under Deno, the page in a browser. */
export function baseUrl(): URL {
  if (!IN_DENO) return new URL(globalThis.location.href);
  return new URL(`file://${Deno.cwd().replace(/\/?$/, "/")}`);
}

/**
 * How many cores can run workers in parallel (`navigator.hardwareConcurrency`), the default
 * size of a Pool.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(cpuCount() >= 1);
 * ```
 */
export function cpuCount(): number {
  return Math.max(1, navigator.hardwareConcurrency || 1);
}

// The mark is a global of this realm, not a variable of this module: a task module may import
// the library by another URL than the child's entry script does (a copy, a registry), and so get
// an instance of this module of its own, while both share one `globalThis`.
const POOL_CHILD = Symbol.for("multiproc.poolChild");

/**
 * Marks this process as a pool's child process (`isolation: "process"`): a main thread that is
 * a worker in role. Only the child's entry script calls it, before any task code runs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * markPoolChild(); // a test module has a realm of its own: the mark ends with it
 * assert.equal(isPoolChild(), true);
 * ```
 */
export function markPoolChild(): void {
  (globalThis as Record<symbol, unknown>)[POOL_CHILD] = true;
}

/**
 * Whether this process is a pool's child process: its main thread runs tasks, as a worker
 * does, so it loads what a worker loads and heeds the main guard as a worker does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(isPoolChild(), false); // a program's own main thread
 * ```
 */
export function isPoolChild(): boolean {
  return (globalThis as Record<symbol, unknown>)[POOL_CHILD] === true;
}
