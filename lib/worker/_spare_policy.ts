/**
 * Which worker a new Process gets (`_spare.ts`): a ready spare, claimed from the shared count, or
 * a new one; and how many spares the top-level thread asks the spawner to keep ready.
 *
 * @module
 */
import { liveRemoteWorkers, RemoteWorker } from "./_remote_worker.ts";
import { MAX_SPARES } from "./_spare_messages.ts";
import { requestRelay } from "./_spare_relay_request.ts";
import { SPARE_ENTRY_URL, startSpawner, withRelay } from "./_spare_spawner.ts";
import { claim, isTopLevel, spares, sparesPossible } from "./_spare_state.ts";

/**
 * Has every spare import `urls` while it waits, as Python's `set_forkserver_preload()` has the
 * forkserver import modules: a library module a task module imports is then loaded already. Only
 * modules whose evaluation does not depend on the thread's identity and leaves no trace a fresh
 * worker would not have once it imported them (the library's own); set before the first Process.
 */
export function preloadInSpares(urls: readonly string[]): void {
  spares.preload = [...urls];
}

/**
 * The worker for a new Process, ready for its init message: a spare if one is ready, else a
 * new one; `null` where there are no spares (a browser, a compiled program, whose build holds
 * only the worker entry; a worker that did not come from here): then the caller starts the
 * worker entry itself, as before spares. The caller owns the worker as if it had made it with
 * `new Worker()`; it holds the process.
 */
export function processWorker(): Worker | null {
  const ended = () => spares.live--;
  if (spares.relay === null && isTopLevel() && sparesPossible() && !spares.spawnerFailed) {
    // The program's first Process: its worker is built first, then the spawner, so that the
    // Process's thread is already loading while this thread builds the spawner's.
    const first = new Worker(SPARE_ENTRY_URL, { type: "module" });
    const spawner = startSpawner();
    spares.live++;
    spares.burst = 1;
    spares.asked = 1;
    spawner.relay.postMessage({ op: "want", count: spares.asked });
    return withRelay(first, spawner.relay, spawner.ready);
  }
  if (spares.relay === null) requestRelay();
  const { relay, ready } = spares;
  if (relay === null || ready === null) return null;
  if (spares.awaitingAnswer) {
    spares.live++;
    return new RemoteWorker(relay, false, ended, true) as unknown as Worker;
  }
  if (spares.live++ === 0) spares.burst = 0;
  spares.burst++;
  // Twice the burst: the spawner takes about a second to build a spare (Deno starts a worker
  // inside a worker that slowly), so a batch repeated sooner than that finds the other half.
  if (isTopLevel() && 2 * spares.burst > spares.asked && spares.asked < MAX_SPARES) {
    spares.asked = Math.min(MAX_SPARES, 2 * spares.burst);
    relay.postMessage({ op: "want", count: spares.asked });
  }
  // The part of Worker an executor uses (postMessage, terminate, the three handlers).
  if (claim(ready)) return new RemoteWorker(relay, true, ended) as unknown as Worker;
  if (spares.builder !== null) {
    return new RemoteWorker(spares.builder, false, ended) as unknown as Worker;
  }
  // Built here, unless this is a worker: Deno takes a second to start a worker inside a worker,
  // and the spawner has one loading, or builds one no slower.
  if (isTopLevel()) return withRelay(new Worker(SPARE_ENTRY_URL, { type: "module" }), relay, ready);
  return new RemoteWorker(relay, false, ended) as unknown as Worker;
}

/** How many spares are ready and not claimed, as every thread sees them. */
export function readySpares(): number {
  return spares.ready === null ? 0 : Atomics.load(spares.ready, 0);
}

/** How many Processes' workers of this thread the spawner runs now. */
export function remoteProcessWorkers(): number {
  return liveRemoteWorkers();
}
