/**
 * The baseline the pool is compared with: a pool written the obvious way, posting one message
 * per task to its workers round-robin and resolving each task's promise by id.
 *
 * @module
 */
import type { NaiveRequest, NaiveResponse } from "./naive_worker.ts";

const WORKER_URL = new URL("./naive_worker.ts", import.meta.url);

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** One message per task, round-robin over `processes` workers. Tasks are exports of work.ts. */
export class NaivePool {
  readonly #workers: Worker[] = [];
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #next = 0;

  constructor(processes: number) {
    for (let i = 0; i < processes; i++) {
      const worker = new Worker(WORKER_URL, { type: "module", name: `NaiveWorker-${i + 1}` });
      worker.onmessage = (event: MessageEvent<NaiveResponse>) => {
        const answer = event.data;
        const pending = this.#pending.get(answer.id);
        if (pending === undefined) return;
        this.#pending.delete(answer.id);
        if ("error" in answer) pending.reject(new Error(answer.error));
        else pending.resolve(answer.value);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        this.#failAll(new Error(`naive worker failed: ${event.message}`));
      };
      this.#workers.push(worker);
    }
  }

  /** Runs export `fn.name` of work.ts with `args` in the next worker. */
  apply<A extends unknown[], R>(fn: (...args: A) => R, args: A): Promise<R> {
    const id = this.#nextId++;
    const worker = this.#workers[this.#next]!;
    this.#next = (this.#next + 1) % this.#workers.length;
    return new Promise<R>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const request: NaiveRequest = { id, name: fn.name, args };
      worker.postMessage(request);
    });
  }

  /** `fn(item)` for every item, one message per item; results in input order. */
  map<T, R>(fn: (item: T) => R, items: readonly T[]): Promise<R[]> {
    return Promise.all(items.map((item) => this.apply(fn as (...args: [T]) => R, [item])));
  }

  /** Stops every worker; tasks still pending reject. */
  terminate(): void {
    for (const worker of this.#workers) worker.terminate();
    this.#workers.length = 0;
    this.#failAll(new Error("the naive pool was terminated"));
  }

  #failAll(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(error);
  }
}
