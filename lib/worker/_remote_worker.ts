/**
 * The relay between a thread and the spawner (`_spawner_entry.ts`), the worker that keeps the
 * warm spares: its messages, and {@linkcode RemoteWorker}, the owner's side of a Process's
 * worker that the spawner runs. The messages a Worker's owner posts and the events it receives
 * travel through the spawner, while every later message goes straight between the owner and
 * the Process's thread, on the executor's own channel (whose port travels in the init message).
 *
 * @module
 */

/** What a thread asks the spawner (one relay per thread: the spawner Worker, or a port). */
export type RelayRequest =
  /**
   * Start child `id` on a spare: one ready if the asker `claimed` one in the shared count; with
   * `first`, post it `message` (with the ports the request carried) at once.
   */
  | {
    readonly op: "start";
    readonly id: number;
    readonly claimed: boolean;
    readonly first?: boolean;
    readonly message?: unknown;
  }
  /** Post `message` to child `id` (with the ports the request carried). */
  | { readonly op: "post"; readonly id: number; readonly message: unknown }
  /** Stop child `id` and every worker started on its behalf. */
  | { readonly op: "terminate"; readonly id: number }
  /** Serve `port`, the relay of a worker the asker started itself, as client `key`. */
  | { readonly op: "client"; readonly key: number; readonly port: MessagePort }
  /** The worker of client `key` is gone: stop the workers started on its behalf. */
  | { readonly op: "ended"; readonly key: number }
  /** Keep `count` spares ready (the top-level thread's demand). */
  | { readonly op: "want"; readonly count: number };

/** What the spawner sends back: the events of child `id`. */
export type RelayEvent =
  | { readonly op: "message"; readonly id: number; readonly data: unknown }
  | { readonly op: "messageerror"; readonly id: number }
  | { readonly op: "error"; readonly id: number; readonly message: string }
  /** The spawner serves this relay (sent to every client it is told of); the ready count. */
  | { readonly op: "accepted"; readonly ready: SharedArrayBuffer }
  /** The parent cannot give this thread a relay (`reason`): it starts its workers itself. */
  | { readonly op: "refused"; readonly reason: string };

/** Where a thread's requests go: the spawner Worker, or a port to it. */
export interface Relay {
  postMessage(message: RelayRequest, transfer?: Transferable[]): void;
}

const remotes = new Map<number, RemoteWorker>();
let lastId = 0;
// Remote workers started before the parent answered this thread's request for a relay: what
// they would have posted waits here, and goes to the spawner, or to a worker of their own.
const unconfirmed = new Set<RemoteWorker>();

/**
 * The parent answered this thread's request for a relay: the remote workers started meanwhile
 * reach the spawner now (`fallback === null`), or each gets a worker of its own from
 * `fallback`, and behaves as it would.
 */
export function confirmRelay(fallback: (() => Worker) | null): void {
  for (const remote of [...unconfirmed]) remote.confirm(fallback);
  unconfirmed.clear();
}

/** Hands an event the spawner sent to the remote worker it is about. */
export function deliverRelayEvent(event: RelayEvent): void {
  if (!("id" in event)) return; // About the relay itself: for its thread (`_spare.ts`).
  const remote = remotes.get(event.id);
  if (remote === undefined) return; // Terminated here since: its events are of no interest.
  switch (event.op) {
    case "message":
      remote.onmessage?.(new MessageEvent("message", { data: event.data }));
      return;
    case "messageerror":
      remote.onmessageerror?.(new MessageEvent("messageerror"));
      return;
    case "error":
      remote.onerror?.(new ErrorEvent("error", { message: event.message, cancelable: true }));
  }
}

/**
 * Reports `message` as an error of every remote worker of this thread: the spawner that ran
 * them is gone, and they with it. Their executors then report their Processes dead, where they
 * would otherwise wait for them without end.
 */
export function failRemoteWorkers(message: string): void {
  for (const id of [...remotes.keys()]) deliverRelayEvent({ op: "error", id, message });
}

/** How many remote workers of this thread have not been terminated. */
export function liveRemoteWorkers(): number {
  return remotes.size;
}

/**
 * The owner's side of a Process's worker that the spawner runs: the part of `Worker` an
 * executor uses. Its messages and its `terminate()` reach the worker in the order they were
 * made.
 */
export class RemoteWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly #relay: Relay;
  readonly #id: number;
  readonly #ended: () => void;

  /**
   * Starts a worker on a spare (the one `claimed` for it, if so); `ended` runs once it is
   * terminated. A `pending` one waits for {@linkcode confirmRelay}.
   */
  constructor(relay: Relay, claimed: boolean, ended: () => void, pending = false) {
    this.#relay = relay;
    this.#id = ++lastId;
    this.#ended = ended;
    this.#claimed = claimed;
    remotes.set(this.#id, this);
    if (pending) {
      this.#held = [];
      unconfirmed.add(this);
    } else this.#deferStart();
  }

  readonly #claimed: boolean;
  // The start request not sent yet: it goes with the first message (the init message, posted
  // in the same turn), so the spawner never runs anything between the two (a spare's build
  // takes its thread for tens of milliseconds), or at the end of this turn.
  #unstarted = false;
  // Until the relay is confirmed: the messages posted, with what they transfer (not yet sent).
  #held: Array<readonly [unknown, Transferable[]]> | null = null;
  #own: Worker | null = null;

  /** Posts `message` to the worker, through the spawner. */
  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (this.#own !== null) this.#own.postMessage(message, transfer);
    else if (this.#held !== null) this.#held.push([message, transfer]);
    else if (this.#unstarted) this.#start({ message, transfer });
    else this.#relay.postMessage({ op: "post", id: this.#id, message }, transfer);
  }

  #deferStart(): void {
    this.#unstarted = true;
    void Promise.resolve().then(() => this.#start(null));
  }

  #start(first: { message: unknown; transfer: Transferable[] } | null): void {
    if (!this.#unstarted) return;
    this.#unstarted = false;
    const start = { op: "start", id: this.#id, claimed: this.#claimed } as const;
    if (first === null) this.#relay.postMessage(start);
    else {
      const request = { ...start, first: true, message: first.message };
      this.#relay.postMessage(request, first.transfer);
    }
  }

  /** Stops the worker and those it started; its events are no longer delivered. */
  terminate(): void {
    if (!remotes.delete(this.#id)) return;
    unconfirmed.delete(this);
    // Started, if not yet, so that the spawner hands back the spare it was claimed with.
    this.#start(null);
    if (this.#own !== null) this.#own.terminate();
    else if (this.#held === null) this.#relay.postMessage({ op: "terminate", id: this.#id });
    this.#held = null;
    this.#ended();
  }

  /** See {@linkcode confirmRelay}. */
  confirm(fallback: (() => Worker) | null): void {
    const held = this.#held ?? [];
    this.#held = null;
    if (!remotes.has(this.#id)) return;
    if (fallback === null) {
      this.#unstarted = true;
      for (const [message, transfer] of held) this.postMessage(message, transfer);
      this.#start(null);
      return;
    }
    // Its events come from its own worker now; the spawner knows nothing of it.
    remotes.delete(this.#id);
    const own = fallback();
    own.onmessage = (event) => this.onmessage?.(event);
    own.onmessageerror = (event) => this.onmessageerror?.(event);
    own.onerror = (event) => this.onerror?.(event);
    this.#own = own;
    for (const [message, transfer] of held) own.postMessage(message, transfer);
  }
}
