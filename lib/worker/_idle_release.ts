/**
 * Whether idle pool workers keep the process running. A Deno process runs while anything
 * holds its event loop: a timer, a server, a pending read, or a live worker. An idle pool's
 * workers are *released*: they stop holding the loop, but stay alive with their module state
 * and warm JIT for as long as something else keeps the process running (a server, a timer);
 * when nothing else does, the process exits, and its workers with it. A worker holds the loop
 * again as soon as a unit is sent to it.
 *
 * A child process (`isolation: "process"`) is released through Deno's public `unref()` of the
 * child and of its socket. A worker thread has no public `unref()` in Deno 2.9 (Web Workers
 * have none, and `node:worker_threads` workers take no `deno.permissions`), but Deno's Worker
 * keeps a reference count of its two pending receive operations behind an unnamed symbol
 * method, which `node:worker_threads` uses for its own `unref()`. It is found by its source
 * text, once; the worker's private MessagePort has a public `unref()`. Where that method is
 * missing (another Deno version), idle workers hold the process as before this mechanism, and
 * `idleTimeout` defaults to 1000 ms so a script that never closes its pool still ends.
 *
 * @module
 */
import { IN_DENO } from "../internal/runtime.ts";

/** `idleTimeout` by default where idle workers do not hold the process: kept, as in Python. */
export const RELEASED_IDLE_TIMEOUT_MS = Infinity;
/** `idleTimeout` by default where idle workers hold the process: stopped after a second. */
export const HOLDING_IDLE_TIMEOUT_MS = 1000;

type RefMethod = (this: Worker, held: boolean) => void;

/** Deno's Worker reference-count method, or `null` if this runtime has none we recognize. */
function findWorkerRef(): RefMethod | null {
  if (!IN_DENO || typeof Worker === "undefined") return null;
  for (const key of Object.getOwnPropertySymbols(Worker.prototype)) {
    if (key.description !== undefined) continue;
    const method: unknown = (Worker.prototype as unknown as Record<symbol, unknown>)[key];
    if (typeof method !== "function" || method.length !== 1) continue;
    // Only the method that counts references and unrefs the receive operations will do.
    const source = Function.prototype.toString.call(method);
    if (source.includes("refCount") && source.includes("unrefOpPromise")) {
      return method as RefMethod;
    }
  }
  return null;
}

const workerRef = findWorkerRef();
let releaseDisabled = false;

/**
 * Whether executors created now may be released when idle: true in Deno 2.9; false where the
 * Worker method is missing, after {@linkcode disableIdleRelease}, and in a browser (which has
 * no process to hold).
 */
export function canRelease(): boolean {
  return workerRef !== null && !releaseDisabled;
}

/**
 * Whether idle workers keep this process running: true only under a Deno that cannot release
 * them; then `idleTimeout` is what lets a script that never closes its pool end.
 */
export function idleWorkersHoldProcess(): boolean {
  return IN_DENO && !canRelease();
}

/** The default `idleTimeout`: see {@linkcode idleWorkersHoldProcess}. */
export function defaultIdleTimeout(): number {
  return idleWorkersHoldProcess() ? HOLDING_IDLE_TIMEOUT_MS : RELEASED_IDLE_TIMEOUT_MS;
}

/**
 * Turns the mechanism off for pools created afterwards, as on a runtime without it: idle
 * workers hold the process and `idleTimeout` defaults to 1000 ms, the behaviour before it. For
 * the benchmark and the tests that compare both; not exported by the package.
 */
export function disableIdleRelease(): void {
  releaseDisabled = true;
}

/**
 * Makes a worker thread and its private port hold the process (`held`) or not. Call only when
 * {@linkcode canRelease} was true at the worker's start, and only on a change: the worker's
 * count is not idempotent.
 */
export function holdWorker(worker: Worker, port: MessagePort, held: boolean): void {
  if (workerRef === null) return;
  workerRef.call(worker, held);
  // Deno's MessagePort has Node's ref()/unref(): they reach the receive operation pending now,
  // not the next one, so the pool releases a port only once its last message was handled.
  const nodeLike = port as MessagePort & { ref?(): void; unref?(): void };
  if (held) nodeLike.ref?.();
  else nodeLike.unref?.();
}

/** Lets a timer not hold the process, where idle workers do not either. */
export function releaseTimer(timer: ReturnType<typeof setTimeout>): void {
  // Deno's timers are numbers; the type says otherwise where Node's types are loaded.
  if (IN_DENO && canRelease()) Deno.unrefTimer(timer as unknown as number);
}
