/**
 * Main-thread side of {@linkcode ./channel_worker.ts}: a bare worker reached through a bare
 * MessageChannel port, with an awaitable inbox. The floor the pipe's figures are set against.
 *
 * @module
 */
import type { Command } from "./channel_worker.ts";

const WORKER_URL = new URL("./channel_worker.ts", import.meta.url);

/** A worker on the other end of a MessageChannel. */
export class RawChannel {
  readonly #worker = new Worker(WORKER_URL, { type: "module", name: "ChannelFloor" });
  readonly #port: MessagePort;
  readonly #inbox: unknown[] = [];
  #head = 0;
  #waiter: ((value: unknown) => void) | null = null;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#port.onmessage = (event) => {
      const waiter = this.#waiter;
      if (waiter !== null) {
        this.#waiter = null;
        waiter(event.data);
      } else {
        this.#inbox.push(event.data);
      }
    };
    this.#worker.postMessage({ port: port2 }, [port2]);
  }

  /** Posts a number to echo, an ack, or a command. */
  send(message: number | Command): void {
    this.#port.postMessage(message);
  }

  /** Posts a copy of `payload`, moving the copy (as `Connection.sendBytes` does). */
  sendCopy(payload: Uint8Array): void {
    const copy = payload.slice();
    this.#port.postMessage(copy, [copy.buffer]);
  }

  /** The next message from the worker. One receive at a time. */
  recv(): Promise<unknown> {
    if (this.#head < this.#inbox.length) {
      const message = this.#inbox[this.#head++];
      if (this.#head === this.#inbox.length) {
        this.#inbox.length = 0;
        this.#head = 0;
      }
      return Promise.resolve(message);
    }
    return new Promise((resolve) => this.#waiter = resolve);
  }

  /** Closes the port and stops the worker. */
  terminate(): void {
    this.#port.close();
    this.#worker.terminate();
  }
}
