/**
 * A worker's relay to the spawner of warm spares (`_spare.ts`): a Process's worker adopts the one
 * it is given; a worker that did not come from here (a pool's) asks its parent for one, lazily,
 * at its first Process (so a pool's start-up and round trip pay nothing), on its global
 * `postMessage`; its Processes wait for the answer.
 *
 * @module
 */
import { IN_DENO } from "../internal/runtime.ts";
import { getParent } from "../internal/threads.ts";
import { confirmRelay, deliverRelayEvent, type RelayEvent } from "./_remote_worker.ts";
import { RELAY_REQUEST, type RelayRequestMessage } from "./_spare_messages.ts";
import { forgoSparesOnRevoke, permissionStates } from "./_spare_permissions.ts";
import { SPARE_ENTRY_URL } from "./_spare_spawner.ts";
import { forgoSpares, isTopLevel, spares } from "./_spare_state.ts";

// In a worker: its parent's postMessage, taken before task code can replace it.
const postToParent: ((message: unknown, transfer: Transferable[]) => void) | null =
  !isTopLevel() && typeof (globalThis as { postMessage?: unknown }).postMessage === "function"
    ? (globalThis as unknown as Worker).postMessage.bind(globalThis)
    : null;

/** Takes the relay and count a Process's worker was given (its entry script calls this). */
export function adoptRelay(port: MessagePort, count: SharedArrayBuffer): void {
  port.onmessage = (event: MessageEvent<RelayEvent>) => {
    const data = event.data;
    if (data.op === "accepted") {
      if (!spares.awaitingAnswer) return;
      spares.awaitingAnswer = false;
      spares.ready = new Int32Array(data.ready);
      confirmRelay(null);
    } else if (data.op === "refused") {
      spares.awaitingAnswer = false;
      // As before spares: this thread's Processes start workers of their own.
      port.close();
      forgoSpares();
      confirmRelay(() => new Worker(SPARE_ENTRY_URL, { type: "module" }));
    } else deliverRelayEvent(data);
  };
  spares.relay = port;
  spares.ready = new Int32Array(count);
  forgoSparesOnRevoke();
}

/**
 * In a worker started by this library's parent (a pool's) that has no relay: asks the parent for
 * one; the relay is then this thread's, and its Processes wait for the answer (`confirmRelay`).
 * Returns whether it asked.
 */
export function requestRelay(): boolean {
  if (postToParent === null || spares.spawnerFailed || getParent() === null) return false;
  if (!IN_DENO || Deno.build.standalone) return false;
  const channel = new MessageChannel();
  const building = new MessageChannel();
  const message: RelayRequestMessage = {
    type: RELAY_REQUEST,
    port: channel.port2,
    builder: building.port2,
    permissions: permissionStates(),
  };
  try {
    postToParent(message, [channel.port2, building.port2]);
  } catch {
    return false;
  }
  building.port1.onmessage = (event: MessageEvent<RelayEvent | { op: "hosting" }>) => {
    if (event.data.op === "hosting") spares.builder = building.port1;
    else deliverRelayEvent(event.data);
  };
  adoptRelay(channel.port1, new SharedArrayBuffer(4));
  spares.awaitingAnswer = true;
  return true;
}
