/**
 * A parent's answer to a worker's request for a relay to the spawner of warm spares
 * (`_spare.ts`): it hands the worker's port to the spawner, starting it if needed, or refuses.
 *
 * @module
 */
import { buildOnBehalf } from "./_spare_build_host.ts";
import { RELAY_REQUEST, type RelayRequestMessage } from "./_spare_messages.ts";
import { permissionStates } from "./_spare_permissions.ts";
import { processWorker } from "./_spare_policy.ts";
import { SPARE_ENTRY_URL, startSpawner, wrapTerminate } from "./_spare_spawner.ts";
import { isTopLevel, spares, sparesPossible } from "./_spare_state.ts";

// Workers whose request for a relay was answered (one request each).
const servedWorkers = new WeakSet<Worker>();

/**
 * Serves `data` if it is a worker's request for a relay (see {@linkcode RelayRequestMessage}):
 * hands its port to the spawner, which this thread starts if needed, and stops the workers the
 * spawner runs for it once `worker` is terminated. Refuses (the worker then starts its
 * Processes' workers itself) when spares are not possible here, or the worker's permissions
 * differ from this thread's. Returns whether `data` was such a request.
 */
export function serveRelayRequest(worker: Worker, data: unknown): boolean {
  const request = data as RelayRequestMessage | null;
  if (request?.type !== RELAY_REQUEST || !(request.port instanceof MessagePort)) return false;
  const port = request.port;
  const refuse = (reason: string) => port.postMessage({ op: "refused", reason });
  const builderPort = request.builder instanceof MessagePort ? request.builder : null;
  if (servedWorkers.has(worker)) {
    refuse("this worker already has a relay");
    return true;
  }
  servedWorkers.add(worker);
  const theirs = Array.isArray(request.permissions) ? request.permissions.join() : "";
  if (theirs !== permissionStates().join()) {
    refuse("its permissions differ from its parent's");
    return true;
  }
  if (spares.relay === null && isTopLevel() && sparesPossible() && !spares.spawnerFailed) {
    startSpawner();
  }
  const served = spares.relay;
  if (served === null) {
    refuse("its parent has no spares");
    return true;
  }
  if (isTopLevel() && spares.asked < 2) {
    spares.asked = 2;
    served.postMessage({ op: "want", count: spares.asked });
  }
  const key = ++spares.lastClient;
  served.postMessage({ op: "client", key, port }, [port]);
  // Only where the port can be kept from holding the program (Deno's `unref()`).
  const canHost = builderPort !== null && isTopLevel() && "unref" in builderPort;
  const newWorker = () => processWorker() ?? new Worker(SPARE_ENTRY_URL, { type: "module" });
  const stopBuilt = canHost ? buildOnBehalf(builderPort, newWorker) : null;
  wrapTerminate(worker, () => {
    served.postMessage({ op: "ended", key });
    stopBuilt?.();
  });
  return true;
}
