/**
 * The messages of the warm spares (`_spare.ts`): what a Process's worker gets first, what a
 * spare says once loaded, what a pool worker asks its parent for, and the spawner's first
 * message.
 *
 * @module
 */

/** The most spares kept ready at once. */
export const MAX_SPARES = 4;
/** The type of the message a Process's worker gets first, before its init message. */
export const SPARE_MESSAGE = "multiproc.spare";
/** What a spare in the spawner posts once its modules loaded. */
export const LOADED_MESSAGE = "multiproc.loaded";
/** The type of a worker's request to its parent for a relay to the spawner. */
export const RELAY_REQUEST = "multiproc.relay";

/** What a Process's worker gets first: its relay to the spawner and the count of spares. */
export interface SpareMessage {
  readonly type: typeof SPARE_MESSAGE;
  readonly relay: MessagePort;
  /** One Int32: how many spares are ready and not claimed. */
  readonly ready: SharedArrayBuffer;
  /** Whether to post {@linkcode LOADED_MESSAGE} (a spare: its owner is the spawner, for now). */
  readonly announce: boolean;
  /** Modules a spare imports before it says it loaded (see `preloadInSpares`). */
  readonly preload: readonly string[];
}

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
