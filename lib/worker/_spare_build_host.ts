/**
 * The top-level thread's building on a worker's behalf (`_spare.ts`): a pool worker that finds
 * no spare ready has its Process's worker built here, as this thread builds its own, faster
 * than the spawner, which builds inside a worker.
 *
 * @module
 */
import type { RelayRequest } from "./_remote_worker.ts";

/**
 * Serves `port`, a worker's requests to start its Processes' workers here when it found no
 * spare ready: each is made by `newWorker` (this thread's own Process worker), and its events
 * go back on `port`. Returns what stops them all (the worker is gone). The port does not keep
 * the program running; a built worker does while it runs, as this thread's own Processes' do.
 */
export function buildOnBehalf(port: MessagePort, newWorker: () => Worker): () => void {
  const built = new Map<number, Worker>();
  port.onmessage = (event: MessageEvent<RelayRequest>) => {
    const request = event.data;
    if (request.op === "start") {
      const worker = newWorker();
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
