/**
 * Parent side of {@linkcode ./echo_worker.ts}: one worker, one number in flight at a time.
 *
 * @module
 */

const WORKER_URL = new URL("./echo_worker.ts", import.meta.url);

/** A single worker echoing `x + 1`; `call` must not be called again before it resolves. */
export class Echo {
  readonly #worker = new Worker(WORKER_URL, { type: "module", name: "EchoWorker" });
  #resolve: ((value: number) => void) | null = null;

  constructor() {
    this.#worker.onmessage = (event: MessageEvent<number>) => {
      const resolve = this.#resolve;
      this.#resolve = null;
      resolve?.(event.data);
    };
  }

  /** Sends `x`; resolves with `x + 1` from the worker. */
  call(x: number): Promise<number> {
    return new Promise((resolve) => {
      this.#resolve = resolve;
      this.#worker.postMessage(x);
    });
  }

  /** Stops the worker. */
  terminate(): void {
    this.#worker.terminate();
  }
}
