/**
 * The top-level thread's spawner of warm spares (`_spare.ts`): starting it, which makes it this
 * thread's relay, and giving a Process's worker built on this thread a relay of its own.
 *
 * @module
 */
import { holdWorker } from "./_idle_release.ts";
import { deliverRelayEvent, failRemoteWorkers, type Relay } from "./_remote_worker.ts";
import { SPARE_MESSAGE, type SpareMessage, type SpawnerInit } from "./_spare_messages.ts";
import { forgoSparesOnRevoke } from "./_spare_permissions.ts";
import { forgoSpares, spares } from "./_spare_state.ts";

/** The script of a Process's worker that can take a relay (a spare, or one built here). */
export const SPARE_ENTRY_URL: URL = new URL("./_spare_entry.ts", import.meta.url);
const SPAWNER_URL = new URL("./_spawner_entry.ts", import.meta.url);
// Holds only the worker: the port argument of holdWorker is for a pool worker's own port.
const NO_PORT = {} as MessagePort;

/** Starts the spawner, which becomes this thread's relay; returns it and the shared count. */
export function startSpawner(): { relay: Relay; ready: Int32Array<SharedArrayBuffer> } {
  const count = new SharedArrayBuffer(4);
  const spawner = new Worker(SPAWNER_URL, { type: "module" });
  const init: SpawnerInit = { type: "multiproc.spawner", ready: count, preload: spares.preload };
  spawner.postMessage(init);
  spawner.onmessage = (event: MessageEvent) => deliverRelayEvent(event.data);
  spawner.onerror = (event) => {
    // A spawner that failed leaves Processes to start workers of their own, as before it.
    event.preventDefault();
    forgoSpares();
    spawner.terminate();
    failRemoteWorkers(`the spawner of spare workers failed (${event.message})`);
  };
  holdWorker(spawner, NO_PORT, false);
  const ready = new Int32Array(count);
  spares.relay = spawner;
  spares.ready = ready;
  forgoSparesOnRevoke();
  return { relay: spawner, ready };
}

/** Gives `worker`, a Process's built on this thread, a relay of its own to the spawner. */
export function withRelay(
  worker: Worker,
  relay: Relay,
  ready: Int32Array<SharedArrayBuffer>,
): Worker {
  const channel = new MessageChannel();
  const key = ++spares.lastClient;
  relay.postMessage({ op: "client", key, port: channel.port1 }, [channel.port1]);
  const message: SpareMessage = {
    type: SPARE_MESSAGE,
    relay: channel.port2,
    ready: ready.buffer,
    announce: false,
    preload: [],
  };
  worker.postMessage(message, [channel.port2]);
  wrapTerminate(worker, () => {
    spares.live--;
    relay.postMessage({ op: "ended", key });
  });
  return worker;
}

/** Makes `worker.terminate()` also run `ended`, once. */
export function wrapTerminate(worker: Worker, ended: () => void): void {
  let done = false;
  const previous = worker.terminate;
  const terminate = () => {
    previous.call(worker);
    if (done) return;
    done = true;
    ended();
  };
  Object.defineProperty(worker, "terminate", { value: terminate, configurable: true });
}
