/**
 * The pool's baselines: a pool written the obvious way, posting one message per task to its
 * workers round-robin and resolving each by id; and the floor, a bare worker echo.
 *
 * @module
 */

/** One message per task, round-robin over `processes` workers. Tasks are exports of work.ts. */
export class NaivePool {
  readonly #pending = new Map<number, (value: unknown) => void>();
  readonly #workers: Worker[];
  #nextId = 0;

  constructor(processes: number) {
    this.#workers = Array.from({ length: processes }, (_, i) => {
      const url = new URL("./naive_worker.ts", import.meta.url);
      const worker = new Worker(url, { type: "module", name: `NaiveWorker-${i + 1}` });
      worker.onmessage = ({ data }: MessageEvent<{ id: number; value: unknown }>) => {
        this.#pending.get(data.id)!(data.value);
        this.#pending.delete(data.id);
      };
      return worker;
    });
  }

  /** Runs export `fn.name` of work.ts with `args` in the next worker. */
  apply<A extends unknown[], R>(fn: (...args: A) => R, args: A): Promise<R> {
    const id = this.#nextId++;
    this.#workers[id % this.#workers.length]!.postMessage({ id, name: fn.name, args });
    return new Promise((resolve) => this.#pending.set(id, resolve as (value: unknown) => void));
  }

  /** Stops every worker (a task that throws stops its worker and, unhandled, the process). */
  terminate(): void {
    for (const worker of this.#workers) worker.terminate();
  }
}

/** The floor: a worker answering `x` with `x + 1` and nothing else; one call at a time. */
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
