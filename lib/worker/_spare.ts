/**
 * Warm spare workers for Processes, the counterpart of Python's forkserver. Most of a Process's
 * start is building its worker: Deno builds a new worker's isolate on the thread that calls
 * `new Worker()` (tens of milliseconds, during which that thread does nothing else), and the
 * worker then loads the entry script's modules. A spare has done both and waits for its init
 * message, so a Process that takes one starts in a few milliseconds.
 *
 * The spares live in the spawner (`_spawner_entry.ts`), a worker the top-level thread starts at
 * its first Process: it builds them on its own thread, so neither the program nor a running
 * Process waits while a spare is built, and it serves every thread, so a Process started inside
 * a Process takes a spare too (Deno takes about a second to start a worker inside a worker).
 * Each Process's worker gets a relay port to the spawner, and a claim on the shared count of
 * ready spares: a thread claims one here, synchronously, and the spawner hands it over. A worker
 * that did not come from here (a pool's) asks its parent for a relay at its first Process, on
 * its global `postMessage` (so a pool's start-up and round trip pay nothing); the parent hands
 * one end to the spawner, starting it if needed, and the Processes started meanwhile wait for
 * the answer. The parent refuses a worker with permissions of its own, or whose permissions
 * differ from its own; that worker's Processes then start workers of their own, as before.
 * A worker's Processes on spares are stopped when it is terminated, as its own child workers
 * would be.
 *
 * A spare has run nothing but the library's entry script, and a trivial unit of its own that
 * compiles the code a Process runs (`warmUp`, `thread_entry.ts`): its globals are a fresh
 * worker's, and its name, pid and parent come with its init message. Only Processes of worker threads
 * that inherit permissions take one (a spare has the top-level thread's). The spawner keeps
 * twice as many ready as the most Processes started while others still ran (at most
 * {@linkcode MAX_SPARES}); it never keeps the program running (released as an idle pool worker
 * is, `_idle_release.ts`; where that cannot be done there is no spawner), and ends with the
 * program. Spares import the library first (see {@linkcode preloadInSpares}).
 *
 * The parts: the messages (`_spare_messages.ts`), this thread's state (`_spare_state.ts`), which
 * worker a Process gets (`_spare_policy.ts`), the top-level thread's spawner
 * (`_spare_spawner.ts`), a worker's relay and its request for one (`_spare_relay_request.ts`),
 * the parent's answer (`_spare_relay_serve.ts`), the building on a worker's behalf
 * (`_spare_build_host.ts`) and the permission checks (`_spare_permissions.ts`).
 *
 * @module
 */
export {
  LOADED_MESSAGE,
  MAX_SPARES,
  RELAY_REQUEST,
  type RelayRequestMessage,
  SPARE_MESSAGE,
  type SpareMessage,
  type SpawnerInit,
} from "./_spare_messages.ts";
export {
  preloadInSpares,
  processWorker,
  readySpares,
  remoteProcessWorkers,
} from "./_spare_policy.ts";
export { adoptRelay } from "./_spare_relay_request.ts";
export { serveRelayRequest } from "./_spare_relay_serve.ts";
