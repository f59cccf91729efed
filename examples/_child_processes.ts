/**
 * A pool of child OS processes for `threads_vs_processes.ts`: each child is `deno run
 * examples/_cpu_work.ts`, which takes tasks as JSON lines on its stdin and answers on its stdout.
 * It is what Python's `multiprocessing.Pool` is underneath: separate processes, started once,
 * fed through pipes.
 *
 * @module
 */

/** The module every child runs. */
const CPU_WORK = new URL("./_cpu_work.ts", import.meta.url);

/** One child: its process, a writer to its stdin and the lines of its stdout. */
class Child {
  readonly #process: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #lines: AsyncGenerator<string, void, undefined>;
  readonly #encoder = new TextEncoder();

  constructor() {
    // No permission flags: the child can compute and use its pipes, nothing else.
    this.#process = new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-config", "--no-prompt", CPU_WORK.href],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#stdin = this.#process.stdin.getWriter();
    this.#lines = lines(this.#process.stdout);
  }

  /** Sends one task and waits for its answer. */
  async ask(task: readonly [number, number]): Promise<number> {
    await this.#stdin.write(this.#encoder.encode(JSON.stringify(task) + "\n"));
    const line = await this.#lines.next();
    const value = line.done ? NaN : Number(line.value);
    if (line.done || !Number.isFinite(value)) {
      throw new Error(
        `expected child process ${this.#process.pid} to answer [${task}] with a number, ` +
          (line.done ? "it closed its stdout" : `it wrote "${line.value}"`),
      );
    }
    return value;
  }

  /** Ends its stdin (the child then exits), and waits; throws unless it exited with 0. */
  async close(): Promise<void> {
    await this.#stdin.close().catch(() => {});
    const status = await this.#process.status;
    await this.#lines.return();
    if (!this.#process.stdout.locked) await this.#process.stdout.cancel();
    if (status.code !== 0) {
      throw new Error(`expected child process ${this.#process.pid} to exit 0, got ${status.code}`);
    }
  }
}

/** The lines of a byte stream, without their newlines. */
async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      yield buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
    }
  }
}

/** `size` child processes computing `midpointGaussian` tasks; `await using` ends them all. */
export class ChildProcessPool implements AsyncDisposable {
  readonly #children: Child[];

  /** Starts the children; they are ready once {@linkcode warmUp} resolves. */
  constructor(size: number) {
    this.#children = Array.from({ length: size }, () => new Child());
  }

  /** One trivial task per child: each has started its runtime and loaded its module after this. */
  async warmUp(): Promise<void> {
    await Promise.all(this.#children.map((child) => child.ask([1, 1])));
  }

  /** Every task's integral, in task order; each child takes the next task as it gets free. */
  async map(tasks: readonly (readonly [number, number])[]): Promise<number[]> {
    const results = new Array<number>(tasks.length);
    let next = 0;
    await Promise.all(this.#children.map(async (child) => {
      while (next < tasks.length) {
        const k = next++;
        results[k] = await child.ask(tasks[k]!);
      }
    }));
    return results;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const closing = await Promise.allSettled(this.#children.map((child) => child.close()));
    const failed = closing.find((outcome) => outcome.status === "rejected");
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  }
}
