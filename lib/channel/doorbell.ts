/**
 * A thread's doorbell: a counter in shared memory that other threads bump right after posting
 * this thread a pipe message, beside a count of the messages this thread has handled. A thread
 * about to wait for a message from a worker may watch the bell for a few tens of µs before
 * returning to its event loop: the message is then already queued when the loop looks, so the
 * thread never parks. Waking a parked thread costs tens of µs on a virtual machine (a halted
 * vCPU), more than the whole trip otherwise.
 *
 * @module
 */

/** Longest watch of the bell before giving up and parking. */
const SPIN_MS = 0.05;
/**
 * Only a wait this short makes the next watch worth it: a peer that answers at once. A watch
 * while the peer is busy for longer (moving 1 MiB, say) takes a core from it for nothing.
 */
const WORTH_SPINNING_MS = 0.1;
/** With a single usable core a watch would only take the CPU from the thread about to post. */
const CAN_SPIN = navigator.hardwareConcurrency > 1;

let bell: Int32Array<SharedArrayBuffer> | null = null;
// Messages this thread has handled of those rung for. Behind the bell while some are queued.
let handled = 0;

/** This thread's doorbell, to give to the threads that post to it; made on first use. */
export function threadDoorbell(): Int32Array<SharedArrayBuffer> {
  return bell ??= new Int32Array(new SharedArrayBuffer(4));
}

/** Rings another thread's doorbell: call right after posting it a message. */
export function ring(other: Int32Array<SharedArrayBuffer> | null): void {
  if (other !== null) Atomics.add(other, 0, 1);
}

/**
 * Takes back `count` rings for messages that were lost with a closed port: else the thread
 * would count them as queued forever, and never watch again.
 */
export function unring(other: Int32Array<SharedArrayBuffer> | null, count: number): void {
  if (other !== null && count > 0) Atomics.sub(other, 0, count);
}

/** Rung-for messages this thread has not handled yet: queued, or lost and not taken back. */
export function queuedRings(): number {
  return bell === null ? 0 : Atomics.load(bell, 0) - handled;
}

/** Counts one rung-for message as handled: call on receiving each. */
export function handledOne(): void {
  handled++;
}

/**
 * Watches this thread's bell before one wait on the event loop, if the last wait was short: a
 * slow peer costs no watch per message. Returns at once while rung-for messages are queued,
 * since watching would only hold them up.
 */
export class BellWatch {
  #worthIt = CAN_SPIN;
  #since = 0;

  /** Busy-waits until the bell rings or the watch time passes; then the caller awaits. */
  watch(): void {
    this.#since = performance.now();
    if (!this.#worthIt) return;
    const cells = threadDoorbell();
    const deadline = this.#since + SPIN_MS;
    while (Atomics.load(cells, 0) === handled && performance.now() < deadline) {
      // Busy-wait: returning to the event loop now would park the thread.
    }
  }

  /** Call when the wait has ended. */
  end(): void {
    this.#worthIt = CAN_SPIN && performance.now() - this.#since <= WORTH_SPINNING_MS;
  }
}
