/**
 * What a cluster pool knows of the queue's live workers, from their announcements: how many
 * units they run at once (for `map`'s default chunksize, as Python sizes chunks by the pool's
 * processes) and whether any of them may run a task at all (a pool whose module no live worker
 * may import fails its calls saying so, instead of leaving them in the stream for ever).
 *
 * The list is read again at most every `REFRESH_MS`, and at once (if not just read) before a
 * task is refused, so that a worker that has just started is seen. With no live worker at all
 * nothing is refused: the entries wait in the stream for the first worker, as in any task queue.
 *
 * @module
 */
import type { WorkerInfo } from "./broker.ts";
import type { TaskSource } from "./wire.ts";
import { allowedModule } from "./_module_prefix.ts";

const REFRESH_MS = 2000;
/** A list younger than this is not read again before a refusal. */
const FRESH_MS = 200;

/** The live workers of a queue as last read; see the module documentation. */
export class WorkerWatch {
  readonly #look: () => Promise<WorkerInfo[]>;
  readonly #queue: string;
  #workers: readonly WorkerInfo[] = [];
  #readAt = -Infinity;
  #reading: Promise<void> | null = null;
  // A task's kind and module → whether some live worker would run it, for the current list.
  #tasks = new Map<string, boolean>();

  /** `look` reads the announcements (the broker's `workers()`); `queue` names it in errors. */
  constructor(look: () => Promise<WorkerInfo[]>, queue: string) {
    this.#look = look;
    this.#queue = queue;
  }

  /** How many units the live workers run at once, or null before the first read or with none. */
  get capacity(): number | null {
    let total = 0;
    for (const worker of this.#workers) total += worker.capacity;
    return total > 0 ? total : null;
  }

  /**
   * The list as a send needs it: read (and waited for) the first time; after that an old list is
   * read again in the background, so that a send waits for Redis only once.
   */
  current(): Promise<void> {
    if (this.#readAt === -Infinity) return this.refresh();
    void this.refresh();
    return Promise.resolve();
  }

  /** Reads the list again if it is older than `maxAgeMs`; a failed read keeps the old list. */
  refresh(maxAgeMs = REFRESH_MS): Promise<void> {
    if (performance.now() - this.#readAt < maxAgeMs) return Promise.resolve();
    return this.#reading ??= this.#look().then(
      (workers) => {
        this.#workers = workers;
        this.#tasks = new Map();
        this.#readAt = performance.now();
      },
      () => {}, // the call that needs the server reports it; an old list is still a list
    ).finally(() => this.#reading = null);
  }

  /**
   * Why no live worker would run `task`, or null when one would (or none is alive yet). Reads
   * the list again first when it would refuse and is not fresh.
   */
  async refusal(task: TaskSource): Promise<TypeError | null> {
    if (this.#accepts(task)) return null;
    await this.refresh(FRESH_MS);
    return this.#accepts(task) ? null : this.#why(task);
  }

  #accepts(task: TaskSource): boolean {
    if (this.#workers.length === 0) return true;
    // Twins are compiled from their source wherever they run (see lib/worker/task_ref.ts).
    const source = !("module" in task) || task.twins === true;
    const key = "module" in task ? `${source}\n${task.module}` : "source";
    let known = this.#tasks.get(key);
    if (known === undefined) {
      known = this.#workers.some((worker) =>
        (!source || worker.allowSource) &&
        (!("module" in task) || allowedModule(task.module, worker.allowModule))
      );
      this.#tasks.set(key, known);
    }
    return known;
  }

  #why(task: TaskSource): TypeError {
    const count = `${this.#workers.length} live worker(s) of queue "${this.#queue}"`;
    if (
      !("module" in task) ||
      this.#workers.some((worker) => allowedModule(task.module, worker.allowModule))
    ) {
      return new TypeError(
        `none of the ${count} accepts tasks sent as source text: start a worker with ` +
          "--allow-source, or export the task from the pool's module and pass it (or its name)",
      );
    }
    const prefixes = [...new Set(this.#workers.flatMap((worker) => worker.allowModule))];
    return new TypeError(
      `none of the ${count} may import the pool's module ${task.module}: they allow modules ` +
        `under ${prefixes.join(", ") || "no prefix"}; start a worker with --allow-module ` +
        "<a prefix of that URL>, or give the pool a module under one of those prefixes",
    );
  }
}
