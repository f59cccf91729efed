/**
 * The spawner (see `_spare.ts`): a worker that builds spare Process workers on its own thread
 * and hands them to the threads that ask. Its clients are the top-level thread (its own
 * `postMessage`) and every Process's worker (a relay port each); each asks for its children by
 * ids of its own. A stopped worker's children are stopped with it.
 *
 * @module
 */
import {
  LOADED_MESSAGE,
  MAX_SPARES,
  SPARE_MESSAGE,
  type SpareMessage,
  type SpawnerInit,
} from "./_spare.ts";
import type { RelayEvent, RelayRequest } from "./_remote_worker.ts";

interface Scope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
}

/** A thread this spawner serves, and the workers it started for it. */
interface Client {
  send(event: RelayEvent): void;
  readonly children: Map<number, Spare>;
  /** Clients it announced: the relays of workers it started itself, by its keys. */
  readonly announced: Map<number, Client>;
  close(): void;
}

/** A spare, and once taken, a Process's worker. */
interface Spare {
  readonly worker: Worker;
  /** The client its own relay makes of it. */
  readonly client: Client;
  loaded: boolean;
  taken: boolean;
  ended: boolean;
}

const ENTRY_URL = new URL("./_spare_entry.ts", import.meta.url);
// Building a spare takes a core for tens of milliseconds: it is done once the Process that took
// one ended, or this long after it started if it still runs.
const REFILL_DELAY_MS = 250;
const MIN_SPARES = 2;

const scope = globalThis as unknown as Scope;
const loaded: Spare[] = [];
const loading = new Set<Spare>();
let ready = new Int32Array(new SharedArrayBuffer(4));
let preload: readonly string[] = [];
let wanted = 0;
let hosted = 0;
let refill: { readonly timer: ReturnType<typeof setTimeout>; readonly due: number } | null = null;

const top: Client = client((event) => scope.postMessage(event), () => {});

scope.onmessage = (event: MessageEvent) => {
  const message = event.data as SpawnerInit | RelayRequest;
  if ("type" in message) {
    ready = new Int32Array(message.ready);
    preload = message.preload;
  } else serve(top, message, event.ports);
};

function client(send: (event: RelayEvent) => void, close: () => void): Client {
  return { send, children: new Map(), announced: new Map(), close };
}

function portClient(port: MessagePort): Client {
  const served = client((event) => port.postMessage(event), () => port.close());
  port.onmessage = (event: MessageEvent<RelayRequest>) => serve(served, event.data, event.ports);
  return served;
}

function serve(asker: Client, request: RelayRequest, ports: readonly MessagePort[]): void {
  switch (request.op) {
    case "start":
      start(asker, request.id, request.claimed);
      if (request.first === true) {
        asker.children.get(request.id)?.worker.postMessage(request.message, [...ports]);
      }
      break;
    case "post":
      // The ports it carried arrived here and go on; other transferred buffers go on copied
      // (their sender's copy was detached on the first leg).
      asker.children.get(request.id)?.worker.postMessage(request.message, [...ports]);
      break;
    case "terminate": {
      const child = asker.children.get(request.id);
      asker.children.delete(request.id);
      if (child !== undefined) end(child);
      break;
    }
    case "client": {
      asker.announced.set(request.key, portClient(request.port));
      // A worker that asked its parent for this relay waits for this before using it.
      const accepted: RelayEvent = { op: "accepted", ready: ready.buffer as SharedArrayBuffer };
      request.port.postMessage(accepted);
      break;
    }
    case "ended": {
      const gone = asker.announced.get(request.key);
      asker.announced.delete(request.key);
      if (gone !== undefined) endClient(gone);
      break;
    }
    case "want":
      if (request.count === 0) {
        // No more Processes will take one (the top-level thread revoked a permission).
        wanted = 0;
        for (const spare of [...loaded, ...loading]) end(spare);
        loaded.length = 0;
        loading.clear();
        Atomics.store(ready, 0, 0);
        break;
      }
      // Two at least: a Process that starts one of its own at once finds the second.
      wanted = Math.min(MAX_SPARES, Math.max(MIN_SPARES, request.count));
      scheduleRefill(0);
  }
}

/**
 * Gives child `id` of `asker` a spare: one that loaded if the asker `claimed` one, else one
 * still loading, else a new one.
 */
function start(asker: Client, id: number, claimed: boolean): void {
  // An asker that could not claim one (a worker has no count until its relay is confirmed)
  // gets a ready one if this thread can claim it.
  const spare = (claimed || uncount() ? loaded.shift() : undefined) ?? takeLoading() ?? build();
  const { worker } = spare;
  let loadedPending = !spare.loaded;
  worker.onmessage = (event) => {
    // A spare taken before it loaded still says it did: that is not the task's message.
    if (loadedPending && event.data?.type === LOADED_MESSAGE) {
      loadedPending = false;
      return;
    }
    // Task code posted on its global postMessage (a violation its owner reports): what cannot
    // go on as it is (a port it carried) goes on as a message that cannot be read.
    try {
      asker.send({ op: "message", id, data: event.data });
    } catch {
      asker.send({ op: "messageerror", id });
    }
  };
  worker.onmessageerror = () => asker.send({ op: "messageerror", id });
  worker.onerror = (event) => {
    event.preventDefault();
    asker.send({ op: "error", id, message: event.message });
  };
  asker.children.set(id, spare);
  spare.taken = true;
  hosted++;
  wanted = Math.min(MAX_SPARES, Math.max(wanted, hosted));
  scheduleRefill(REFILL_DELAY_MS);
}

function takeLoading(): Spare | undefined {
  const [first] = loading;
  if (first !== undefined) loading.delete(first);
  return first;
}

function build(): Spare {
  const worker = new Worker(ENTRY_URL, { type: "module" });
  const channel = new MessageChannel();
  const spare: Spare = {
    worker,
    client: portClient(channel.port1),
    loaded: false,
    taken: false,
    ended: false,
  };
  const message: SpareMessage = {
    type: SPARE_MESSAGE,
    relay: channel.port2,
    ready: ready.buffer,
    announce: true,
    preload,
  };
  worker.postMessage(message, [channel.port2]);
  worker.onmessage = (event) => {
    if (event.data?.type !== LOADED_MESSAGE || spare.loaded) return;
    spare.loaded = true;
    loading.delete(spare);
    loaded.push(spare);
    Atomics.add(ready, 0, 1);
  };
  worker.onerror = (event) => {
    // A spare that cannot load is dropped; one counted as ready is uncounted if still unclaimed.
    event.preventDefault();
    loading.delete(spare);
    const index = loaded.indexOf(spare);
    if (index >= 0) {
      loaded.splice(index, 1);
      uncount();
    }
    end(spare);
  };
  return spare;
}

/** Takes one from the count of ready spares, if it is above zero; returns whether it did. */
function uncount(): boolean {
  for (;;) {
    const seen = Atomics.load(ready, 0);
    if (seen <= 0) return false;
    if (Atomics.compareExchange(ready, 0, seen, seen - 1) === seen) return true;
  }
}

function end(spare: Spare): void {
  if (spare.ended) return;
  spare.ended = true;
  if (spare.taken) {
    hosted--;
    scheduleRefill(0);
  }
  spare.worker.terminate();
  endClient(spare.client);
}

function endClient(gone: Client): void {
  gone.close();
  for (const child of gone.children.values()) end(child);
  gone.children.clear();
  for (const announced of gone.announced.values()) endClient(announced);
  gone.announced.clear();
}

/** Builds the missing spares in `delayMs`, or sooner if that was already due sooner. */
function scheduleRefill(delayMs: number): void {
  const due = performance.now() + delayMs;
  if (refill !== null) {
    if (refill.due <= due) return;
    clearTimeout(refill.timer);
  }
  const timer = setTimeout(() => {
    refill = null;
    while (loaded.length + loading.size < wanted) loading.add(build());
  }, delayMs);
  refill = { timer, due };
}
