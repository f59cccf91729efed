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
 * A spare has run nothing but the library's entry script: its globals are a fresh worker's,
 * and its name, pid and parent come with its init message. Only Processes of worker threads
 * that inherit permissions take one (a spare has the top-level thread's). The spawner keeps
 * twice as many ready as the most Processes started while others still ran (at most
 * {@linkcode MAX_SPARES}); it never keeps the program running (released as an idle pool worker
 * is, `_idle_release.ts`; where that cannot be done there is no spawner), and ends with the
 * program. Spares import the library first (see {@linkcode preloadInSpares}).
 *
 * @module
 */
import { IN_DENO } from "../internal/runtime.ts";
import { canRelease, holdWorker } from "./_idle_release.ts";
import { getParent } from "../internal/threads.ts";
import {
  confirmRelay,
  deliverRelayEvent,
  failRemoteWorkers,
  liveRemoteWorkers,
  type Relay,
  type RelayEvent,
  type RelayRequest,
  RemoteWorker,
} from "./_remote_worker.ts";

/** The most spares kept ready at once. */
export const MAX_SPARES = 4;
/** The type of the message a Process's worker gets first, before its init message. */
export const SPARE_MESSAGE = "multiproc.spare";
/** What a spare in the spawner posts once its modules loaded. */
export const LOADED_MESSAGE = "multiproc.loaded";

/** What a Process's worker gets first: its relay to the spawner and the count of spares. */
export interface SpareMessage {
  readonly type: typeof SPARE_MESSAGE;
  readonly relay: MessagePort;
  /** One Int32: how many spares are ready and not claimed. */
  readonly ready: SharedArrayBuffer;
  /** Whether to post {@linkcode LOADED_MESSAGE} (a spare: its owner is the spawner, for now). */
  readonly announce: boolean;
  /** Modules a spare imports before it says it loaded (see {@linkcode preloadInSpares}). */
  readonly preload: readonly string[];
}

/** The type of a worker's request to its parent for a relay to the spawner. */
export const RELAY_REQUEST = "multiproc.relay";

/**
 * What a worker that did not come from here (a pool's) posts its parent, on its global
 * `postMessage`, when it first starts a Process: one end of a channel for the spawner to serve,
 * and its permissions' states (a spare must have no more than it).
 */
export interface RelayRequestMessage {
  readonly type: typeof RELAY_REQUEST;
  readonly port: MessagePort;
  /** Where the top-level thread builds, on the worker's behalf, a worker when no spare is ready. */
  readonly builder: MessagePort;
  readonly permissions: readonly string[];
}

/** What the spawner gets first: the shared count of ready spares. */
export interface SpawnerInit {
  readonly type: "multiproc.spawner";
  readonly ready: SharedArrayBuffer;
  readonly preload: readonly string[];
}

const ENTRY_URL = new URL("./_spare_entry.ts", import.meta.url);
const SPAWNER_URL = new URL("./_spawner_entry.ts", import.meta.url);
// Holds only the worker: the port argument of holdWorker is for a pool worker's own port.
const NO_PORT = {} as MessagePort;

// This thread's relay to the spawner and the count of ready spares: from the spare message in
// a Process's worker; made with the spawner on the top-level thread.
let relay: Relay | null = null;
let ready: Int32Array<SharedArrayBuffer> | null = null;
// On the top-level thread: how many of its Processes run now, how many were started since none
// ran (a burst: Processes started in turns, as a batch at most N at a time is), and the most
// spares it asked for.
let live = 0;
let burst = 0;
let asked = 0;
let lastClient = 0;
let spawnerFailed = false;
// In a worker that asked its parent for a relay: until the answer, its Processes wait for it.
let awaitingAnswer = false;
// In such a worker: the top-level thread's port that builds its Processes' workers when no
// spare is ready (as it does its own: faster than the spawner, which builds inside a worker).
let builder: Relay | null = null;
let revokeWatched = false;
let preload: readonly string[] = [];
// In a worker: its parent's postMessage, taken before task code can replace it.
const postToParent: ((message: unknown, transfer: Transferable[]) => void) | null =
  !isTopLevel() && typeof (globalThis as { postMessage?: unknown }).postMessage === "function"
    ? (globalThis as unknown as Worker).postMessage.bind(globalThis)
    : null;
// Workers whose request for a relay was answered (one request each).
const servedWorkers = new WeakSet<Worker>();
const PERMISSION_NAMES = ["read", "write", "net", "env", "sys", "run", "ffi", "import"] as const;

/**
 * Has every spare import `urls` while it waits, as Python's `set_forkserver_preload()` has the
 * forkserver import modules: a library module a task module imports is then loaded already. Only
 * modules whose evaluation does not depend on the thread's identity and leaves no trace a fresh
 * worker would not have once it imported them (the library's own); set before the first Process.
 */
export function preloadInSpares(urls: readonly string[]): void {
  preload = [...urls];
}

/** Takes the relay and count a Process's worker was given (its entry script calls this). */
export function adoptRelay(port: MessagePort, count: SharedArrayBuffer): void {
  port.onmessage = (event: MessageEvent<RelayEvent>) => {
    const data = event.data;
    if (data.op === "accepted") {
      if (!awaitingAnswer) return;
      awaitingAnswer = false;
      ready = new Int32Array(data.ready);
      confirmRelay(null);
    } else if (data.op === "refused") {
      awaitingAnswer = false;
      // As before spares: this thread's Processes start workers of their own.
      port.close();
      relay = null;
      ready = null;
      spawnerFailed = true;
      confirmRelay(() => new Worker(ENTRY_URL, { type: "module" }));
    } else deliverRelayEvent(data);
  };
  relay = port;
  ready = new Int32Array(count);
  forgoSparesOnRevoke();
}

/**
 * Once this thread revokes a permission, its next Processes start workers of their own, as
 * before spares: a spare has the permissions the top-level thread had when it was built, and a
 * fresh worker inherits those its starter has now. Existing Processes on spares are untouched.
 */
function forgoSparesOnRevoke(): void {
  if (!IN_DENO || revokeWatched) return;
  revokeWatched = true;
  const permissions = Deno.permissions;
  const forgo = () => {
    if (relay !== null && isTopLevel()) relay.postMessage({ op: "want", count: 0 });
    relay = null;
    ready = null;
    spawnerFailed = true;
  };
  const revoke = permissions.revoke.bind(permissions);
  const revokeSync = permissions.revokeSync.bind(permissions);
  permissions.revoke = (descriptor) => {
    forgo();
    return revoke(descriptor);
  };
  permissions.revokeSync = (descriptor) => {
    forgo();
    return revokeSync(descriptor);
  };
}

/**
 * The worker for a new Process, ready for its init message: a spare if one is ready, else a
 * new one; `null` where there are no spares (a browser, a compiled program, whose build holds
 * only the worker entry; a worker that did not come from here): then the caller starts the
 * worker entry itself, as before spares. The caller owns the worker as if it had made it with
 * `new Worker()`; it holds the process.
 */
export function processWorker(): Worker | null {
  if (relay === null && isTopLevel() && sparesPossible() && !spawnerFailed) {
    // The program's first Process: its worker is built first, then the spawner, so that the
    // Process's thread is already loading while this thread builds the spawner's.
    const first = new Worker(ENTRY_URL, { type: "module" });
    const spawner = startSpawner();
    live++;
    burst = 1;
    asked = 1;
    spawner.relay.postMessage({ op: "want", count: asked });
    return withRelay(first, spawner.relay, spawner.ready);
  }
  if (relay === null) requestRelay();
  if (relay === null || ready === null) return null;
  if (awaitingAnswer) {
    live++;
    return new RemoteWorker(relay, false, () => live--, true) as unknown as Worker;
  }
  if (live++ === 0) burst = 0;
  burst++;
  // Twice the burst: the spawner takes about a second to build a spare (Deno starts a worker
  // inside a worker that slowly), so a batch repeated sooner than that finds the other half.
  if (isTopLevel() && 2 * burst > asked && asked < MAX_SPARES) {
    asked = Math.min(MAX_SPARES, 2 * burst);
    relay.postMessage({ op: "want", count: asked });
  }
  // The part of Worker an executor uses (postMessage, terminate, the three handlers).
  if (claim(ready)) return new RemoteWorker(relay, true, () => live--) as unknown as Worker;
  if (builder !== null) return new RemoteWorker(builder, false, () => live--) as unknown as Worker;
  // Built here, unless this is a worker: Deno takes a second to start a worker inside a worker,
  // and the spawner has one loading, or builds one no slower.
  if (isTopLevel()) return withRelay(new Worker(ENTRY_URL, { type: "module" }), relay, ready);
  return new RemoteWorker(relay, false, () => live--) as unknown as Worker;
}

/**
 * In a worker started by this library's parent (a pool's) that has no relay: asks the parent for
 * one, lazily, at the worker's first Process (so a pool's start-up pays nothing); the relay is
 * then this thread's, and its Processes wait for the answer (`confirmRelay`).
 */
function requestRelay(): boolean {
  if (postToParent === null || spawnerFailed || getParent() === null) return false;
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
    if (event.data.op === "hosting") builder = building.port1;
    else deliverRelayEvent(event.data);
  };
  adoptRelay(channel.port1, new SharedArrayBuffer(4));
  awaitingAnswer = true;
  return true;
}

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
  if (relay === null && isTopLevel() && sparesPossible() && !spawnerFailed) startSpawner();
  const served = relay;
  if (served === null) {
    refuse("its parent has no spares");
    return true;
  }
  if (isTopLevel() && asked < 2) {
    asked = 2;
    served.postMessage({ op: "want", count: asked });
  }
  const key = ++lastClient;
  served.postMessage({ op: "client", key, port }, [port]);
  // Only where the port can be kept from holding the program (Deno's `unref()`).
  const canHost = builderPort !== null && isTopLevel() && "unref" in builderPort;
  const stopBuilt = canHost ? buildOnBehalf(builderPort) : null;
  wrapTerminate(worker, () => {
    served.postMessage({ op: "ended", key });
    stopBuilt?.();
  });
  return true;
}

/**
 * Serves `port`, a worker's requests to start its Processes' workers here when it found no
 * spare ready: each is this thread's own Process worker (`processWorker`), whose events go
 * back on `port`. Returns what stops them all (the worker is gone). The port does not keep the
 * program running; a built worker does while it runs, as this thread's own Processes' do.
 */
function buildOnBehalf(port: MessagePort): () => void {
  const built = new Map<number, Worker>();
  port.onmessage = (event: MessageEvent<RelayRequest>) => {
    const request = event.data;
    if (request.op === "start") {
      const worker = processWorker() ?? new Worker(ENTRY_URL, { type: "module" });
      const id = request.id;
      worker.onmessage = (message) => {
        // Task code posted on its global postMessage (a violation its owner reports): what
        // cannot go on as it is (a port it carried) goes on as a message that cannot be read.
        try {
          port.postMessage({ op: "message", id, data: message.data });
        } catch {
          port.postMessage({ op: "messageerror", id });
        }
      };
      worker.onmessageerror = () => port.postMessage({ op: "messageerror", id });
      worker.onerror = (error) => {
        error.preventDefault();
        port.postMessage({ op: "error", id, message: error.message });
      };
      built.set(id, worker);
      if (request.first === true) worker.postMessage(request.message, [...event.ports]);
    } else if (request.op === "post") {
      built.get(request.id)?.postMessage(request.message, [...event.ports]);
    } else if (request.op === "terminate") {
      built.get(request.id)?.terminate();
      built.delete(request.id);
    }
  };
  (port as MessagePort & { unref(): void }).unref();
  port.postMessage({ op: "hosting" });
  return () => {
    for (const worker of built.values()) worker.terminate();
    built.clear();
    port.close();
  };
}

/** The state of each permission of this thread, in {@linkcode PERMISSION_NAMES}' order. */
function permissionStates(): string[] {
  if (!IN_DENO) return [];
  return PERMISSION_NAMES.map((name) => {
    try {
      return Deno.permissions.querySync({ name } as Deno.PermissionDescriptor).state;
    } catch {
      return "unknown";
    }
  });
}

/** How many spares are ready and not claimed, as every thread sees them. */
export function readySpares(): number {
  return ready === null ? 0 : Atomics.load(ready, 0);
}

/** How many Processes' workers of this thread the spawner runs now. */
export function remoteProcessWorkers(): number {
  return liveRemoteWorkers();
}

/** Deno's CLI, where an idle worker can be released and every entry script can be loaded. */
function sparesPossible(): boolean {
  return IN_DENO && !Deno.build.standalone && canRelease();
}

function isTopLevel(): boolean {
  return typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === "undefined";
}

/** Takes one ready spare from the count, if there is one. */
function claim(count: Int32Array): boolean {
  for (;;) {
    const seen = Atomics.load(count, 0);
    if (seen <= 0) return false;
    if (Atomics.compareExchange(count, 0, seen, seen - 1) === seen) return true;
  }
}

/** Starts the spawner, which becomes this thread's relay; returns it and the shared count. */
function startSpawner(): { relay: Relay; ready: Int32Array<SharedArrayBuffer> } {
  const count = new SharedArrayBuffer(4);
  const spawner = new Worker(SPAWNER_URL, { type: "module" });
  const init: SpawnerInit = { type: "multiproc.spawner", ready: count, preload };
  spawner.postMessage(init);
  spawner.onmessage = (event: MessageEvent<RelayEvent>) => deliverRelayEvent(event.data);
  spawner.onerror = (event) => {
    // A spawner that failed leaves Processes to start workers of their own, as before it.
    event.preventDefault();
    spawnerFailed = true;
    relay = null;
    ready = null;
    spawner.terminate();
    failRemoteWorkers(`the spawner of spare workers failed (${event.message})`);
  };
  holdWorker(spawner, NO_PORT, false);
  relay = spawner;
  ready = new Int32Array(count);
  forgoSparesOnRevoke();
  return { relay, ready };
}

/** Gives `worker`, a Process's built on this thread, a relay of its own to the spawner. */
function withRelay(worker: Worker, relay: Relay, ready: Int32Array<SharedArrayBuffer>): Worker {
  const channel = new MessageChannel();
  const key = ++lastClient;
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
    live--;
    relay.postMessage({ op: "ended", key });
  });
  return worker;
}

/** Makes `worker.terminate()` also run `ended`, once. */
function wrapTerminate(worker: Worker, ended: () => void): void {
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

// A worker that revokes a permission before its first Process asks for no relay afterwards (the
// parent also compares the permissions a request reports with its own).
if (!isTopLevel()) forgoSparesOnRevoke();
