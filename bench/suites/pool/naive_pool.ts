/**
 * The pool's baselines: a pool written the obvious way, posting one message per task to its
 * workers round-robin and resolving each by id; and the floor, a bare worker echo.
 *
 * @module
 */

/** One message per task, round-robin over `processes` workers. Tasks are exports of work.ts. */
export class NaivePool {
  readonly #workers: Worker[];
  readonly #pending = new Map<number, PromiseWithResolvers<unknown>>();
  #nextId = 0;

  constructor(processes: number) {
    this.#workers = Array.from({ length: processes }, (_, i) => {
      const url = new URL("./naive_worker.ts", import.meta.url);
      const worker = new Worker(url, { type: "module", name: `NaiveWorker-${i + 1}` });
      worker.onmessage = ({ data }: MessageEvent<{ id: number; value: unknown }>) => {
        this.#pending.get(data.id)?.resolve(data.value);
        this.#pending.delete(data.id);
      };
      // A task that throws fails the worker: reject everything rather than hang.
      worker.onerror = (event) => {
        event.preventDefault();
        this.#failAll(new Error(`naive worker failed: ${event.message}`));
      };
      return worker;
    });
  }

  /** Runs export `fn.name` of work.ts with `args` in the next worker. */
  apply<A extends unknown[], R>(fn: (...args: A) => R, args: A): Promise<R> {
    const id = this.#nextId++;
    const task = Promise.withResolvers<R>();
    this.#pending.set(id, task as PromiseWithResolvers<unknown>);
    this.#workers[id % this.#workers.length]!.postMessage({ id, name: fn.name, args });
    return task.promise;
  }

  /** Stops every worker; tasks still pending reject. */
  terminate(): void {
    for (const worker of this.#workers) worker.terminate();
    this.#failAll(new Error("the naive pool was terminated"));
  }

  #failAll(error: Error): void {
    for (const task of this.#pending.values()) task.reject(error);
    this.#pending.clear();
  }
}

/** The floor of a round trip: a worker answering `x` with `x + 1`, nothing else (no ids, no lookup); one call in flight at a time. */
export function echoWorker(): { call(x: number): Promise<number>; terminate(): void } {
  const source = "onmessage = (event) => postMessage(event.data + 1);";
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module", name: "EchoWorker" });
  let answer = Promise.withResolvers<number>();
  worker.onmessage = (event: MessageEvent<number>) => answer.resolve(event.data);
  return {
    call(x: number): Promise<number> {
      answer = Promise.withResolvers();
      worker.postMessage(x);
      return answer.promise;
    },
    terminate: () => worker.terminate(),
  };
}
