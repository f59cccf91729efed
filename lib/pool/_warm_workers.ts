/**
 * Warm pool workers kept between pools. Deno builds a worker's runtime and loads its entry
 * script in 17–74 ms on this machine, more than a second pool's whole start-up should take; a
 * worker that has loaded the pool's entry (`thread_entry.ts`) but has had no init message and
 * run no code of a task is as fresh as a new one. So once a pool has stopped, one such worker is
 * built in the background, alike in every way its constructor can tell (entry, type, name,
 * Deno permissions, and the permissions this thread had then) to that pool's first worker; the
 * next pool whose first worker would be built with the same options takes it and sends it its
 * init and first unit at once. Its other workers start as usual.
 *
 * Costs, kept small: one spare per process, never one per worker; built only after a pool has
 * stopped (never during a pool's start-up), 15 ms later on a timer that does not keep the
 * program running, so a program that ends with its pool does not build it; released like an idle pool worker (it
 * does not hold the process) and stopped after {@linkcode SPARE_IDLE_MS} unused. A pool
 * starting while a spare is still to be built cancels that build, so it never competes with
 * the pool's own start. A spare that dies (an error event, a message) is dropped, never given
 * out; one that dies as it is taken fails as a new worker that dies at start does.
 *
 * As in Python, where each pool's workers are new processes: a spare has run nothing, has no
 * state from an earlier pool, and gets a new pid and its name from its init message like any
 * worker.
 *
 * @module
 */
import { IN_DENO } from "../internal/runtime.ts";
import { canRelease, holdWorker } from "../worker/_idle_release.ts";
import type { PrebuiltWorkers, ThreadWorkerOptions } from "../worker/thread_executor.ts";
import { lightTimeout, type LightTimer } from "./_light_timer.ts";

/** How long a spare waits for the next pool before it is stopped (ms). */
export const SPARE_IDLE_MS = 3_000;

// After a pool stops, the wait before its spare is built: its `new Worker` blocks this thread
// 35-60 ms here, which a program that ends with its pool must not pay. Measured on this 2-core
// machine, same runs: built at once (0 ms), a second pool 50 ms later answered in 6 ms, but a
// program ending right after its pool ended 30 ms after its last result instead of 3; after 15
// ms, no such program built one (its event loop empties sooner), and a second pool answered in
// ~29 ms 50 ms later, ~10 ms 100 ms later (a fresh one: 40-53 ms).
const BUILD_DELAY_MS = 15;

interface Spare {
  readonly worker: Worker;
  // The entry and constructor options, and this thread's permissions, when it was built.
  readonly key: string;
  readonly permissions: string;
  // How long its `new Worker` blocked this thread: what a new worker's start would have cost.
  readonly buildMs: number;
  release: LightTimer | null;
}

// Holds only the worker: the port argument of holdWorker is for a pool worker's own port.
const NO_PORT = {} as MessagePort;
const PERMISSION_NAMES = ["read", "write", "net", "env", "sys", "run", "ffi", "import"] as const;

let spare: Spare | null = null;
let scheduled: LightTimer | null = null;
let permissionsWatched = false;
const counts = { built: 0, taken: 0, dropped: 0 };

/**
 * A pool's source of warm workers: its workers are first asked of the process's spare, and
 * once the pool has stopped, {@linkcode WarmWorkers.replenish} builds a spare like its first
 * worker for the next pool.
 */
export class WarmWorkers implements PrebuiltWorkers {
  #first: { readonly url: URL; readonly options: ThreadWorkerOptions } | null = null;
  #takenBuildMs: number | null = null;

  /** The spare, if it was built with exactly `url` and `options` under today's permissions. */
  take(url: URL, options: ThreadWorkerOptions): Worker | null {
    this.#first ??= { url, options };
    const taken = takeSpare(url, options);
    this.#takenBuildMs = taken?.buildMs ?? null;
    return taken?.worker ?? null;
  }

  /**
   * What the last {@linkcode WarmWorkers.take} saved: how long building the spare it gave
   * blocked this thread, or `null` if it gave none.
   */
  readonly builtAheadMs = (): number | null => this.#takenBuildMs;

  /** After the pool has stopped: a spare like its first worker, built in the background. */
  replenish(): void {
    if (this.#first !== null) scheduleSpare(this.#first.url, this.#first.options);
  }
}

/** Whether spares are kept here: only where a worker can be kept from holding the process. */
function sparesPossible(): boolean {
  return IN_DENO && canRelease();
}

function takeSpare(url: URL, options: ThreadWorkerOptions): Spare | null {
  // A pool is starting: a spare built now would compete with it, and come too late for it.
  scheduled?.cancel();
  scheduled = null;
  const held = spare;
  if (held === null || held.key !== keyOf(url, options)) return null;
  if (held.permissions !== permissionStates()) {
    drop(held);
    return null;
  }
  spare = null;
  held.release?.cancel();
  held.worker.onerror = null;
  held.worker.onmessage = null;
  held.worker.onmessageerror = null;
  // Held again, as a new worker is until its pool releases it.
  holdWorker(held.worker, NO_PORT, true);
  counts.taken++;
  return held;
}

function scheduleSpare(url: URL, options: ThreadWorkerOptions): void {
  if (!sparesPossible()) return;
  scheduled?.cancel();
  // Not in the caller's turn (`new Worker` blocks this thread while it builds the runtime), and
  // on a timer that holds nothing: a program that ends with its pool never builds the spare.
  scheduled = lightTimeout(() => {
    scheduled = null;
    buildSpare(url, options);
  }, BUILD_DELAY_MS);
}

function buildSpare(url: URL, options: ThreadWorkerOptions): void {
  const key = keyOf(url, options);
  const permissions = permissionStates();
  if (spare !== null) {
    if (spare.key === key && spare.permissions === permissions) {
      armRelease(spare);
      return;
    }
    drop(spare);
  }
  let worker: Worker;
  const began = performance.now();
  try {
    worker = new Worker(url, { ...options });
  } catch {
    // Nothing is lost: the next pool builds its worker itself, and reports why if it fails.
    return;
  }
  holdWorker(worker, NO_PORT, false);
  const buildMs = performance.now() - began;
  const built: Spare = { worker, key, permissions, buildMs, release: null };
  // The entry posts on its global postMessage only when it dies before its init message.
  worker.onmessage = () => drop(built);
  worker.onmessageerror = () => drop(built);
  worker.onerror = (event) => {
    // Unhandled, an error event from a worker takes the whole process down.
    event.preventDefault();
    drop(built);
  };
  spare = built;
  counts.built++;
  armRelease(built);
  watchPermissionChanges();
}

function armRelease(entry: Spare): void {
  entry.release?.cancel();
  entry.release = lightTimeout(() => drop(entry), SPARE_IDLE_MS);
}

function drop(entry: Spare): void {
  if (spare === entry) spare = null;
  entry.release?.cancel();
  entry.release = null;
  entry.worker.terminate();
  counts.dropped++;
}

function keyOf(url: URL, options: ThreadWorkerOptions): string {
  return JSON.stringify([url.href, options]);
}

/** The state of each permission of this thread: a new worker inherits them as they are now. */
function permissionStates(): string {
  return PERMISSION_NAMES.map((name) => {
    try {
      return Deno.permissions.querySync({ name } as Deno.PermissionDescriptor).state;
    } catch {
      return "unknown";
    }
  }).join();
}

/**
 * Drops the spare when this thread's permissions change: a new worker inherits them as they
 * are then, including those of one path or host that the states compared at take time miss.
 */
function watchPermissionChanges(): void {
  if (permissionsWatched) return;
  permissionsWatched = true;
  const permissions = Deno.permissions;
  for (const method of ["revoke", "revokeSync", "request", "requestSync"] as const) {
    const original = (permissions[method] as (...args: unknown[]) => unknown).bind(permissions);
    Object.defineProperty(permissions, method, {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) => {
        if (spare !== null) drop(spare);
        return original(...args);
      },
    });
  }
}

/**
 * How many spares were built, taken by a pool and dropped (died, unused, or unlike the next
 * pool's), and whether one is ready now. For the tests; not exported by the package.
 */
export function warmWorkerCounts(): {
  built: number;
  taken: number;
  dropped: number;
  ready: boolean;
} {
  return { ...counts, ready: spare !== null };
}

/** The spare waiting now, or `null`: for the tests that make it die; not exported. */
export function spareForTesting(): Worker | null {
  return spare?.worker ?? null;
}
