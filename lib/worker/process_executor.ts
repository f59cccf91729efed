/**
 * Parent side of one child `deno` process (`isolation: "process"`): the same job as a
 * {@linkcode WorkerHandle}, over length-prefixed `node:v8` frames on a private Unix socket
 * (`_child_socket.ts`), so the child's stdout and stderr are simply the parent's. The child's
 * stdin is a pipe the parent never writes: when it closes (this process ended, however) the
 * child kills itself. A cancelled task that does not stop is killed for real, with its process;
 * so is a child that sends a frame the parent cannot accept. Units queued behind a stuck task
 * are asked back with a `take-back` frame, which the child's I/O thread answers even while the
 * task blocks its main thread; those it took back go to another worker.
 *
 * @module
 */
import { ClassTravelError, decodeFromProcess, encodeForProcess } from "../wire/codec.ts";
import type { CancelReason } from "./control_block.ts";
import { encodeFrame, FrameError, FrameReader } from "../wire/framing.ts";
import { type ChildSocket, openChildSocket } from "./_child_socket.ts";
import { trackChild, untrackChild } from "./_child_registry.ts";
import { getCurrent } from "../internal/threads.ts";
import { Deque } from "../internal/deque.ts";
import { FrameWriter } from "./_frame_writer.ts";
import { canRelease } from "./_idle_release.ts";
import type {
  Death,
  Executor,
  ExecutorListener,
  ExecutorSpec,
  Unit,
  UnitOwner,
} from "./executor.ts";
import { childPermissionFlags, type PermissionsOption, withSocketAccess } from "./permissions.ts";
import type { ChildMessage, ToChild } from "./protocol.ts";
import { reportEnd, runMessage, settleResults, splitUnanswered } from "./_batch.ts";
import { messageFault, takenBackFault } from "./_message_check.ts";

const CHILD_URL = new URL("./process_entry.ts", import.meta.url);
// The package root: task modules usually import its mod.ts.
const LIBRARY_URL = new URL("../../", import.meta.url);

/** How child processes are started. */
export interface ChildOptions {
  readonly permissions: PermissionsOption;
  readonly heapLimitMb: number | null;
  readonly module: string | null;
}

/** A running child process and the units it holds. */
export class ProcessHandle implements Executor {
  readonly name: string;
  readonly pid: number;
  readonly inflight: Deque<Unit> = new Deque();
  sent = 0;
  alive = true;
  starting = true;
  /** Resolves once the process has exited and its pipes are closed. */
  readonly closed: Promise<void>;
  readonly #child: Deno.ChildProcess;
  readonly #socket: ChildSocket;
  readonly #listener: ExecutorListener;
  // Frames wait here until the child has connected.
  #writer: FrameWriter | null = null;
  #waiting: Uint8Array[] | null = [];
  #answered = 0;
  // Units the child said it passed (a `started` frame comes before each one runs).
  #started = 0;
  // Sequence numbers of units taken back: they stay in `inflight` (so a unit's seq is still
  // `#answered` plus its offset) until a results message skips them.
  readonly #withdrawn = new Set<number>();
  // The take-back request awaiting its answer: one at a time.
  #requested: { readonly from: number; readonly to: number } | null = null;
  // Whether it may be released when idle (decided at its start), and whether it holds now.
  readonly #releasable = canRelease();
  #held = true;
  #connection: Deno.UnixConn | null = null;

  // The task module: instances of its classes travel as instances (wire/_class_space.ts).
  readonly #module: string | null;
  readonly #decode = (value: unknown): unknown => decodeFromProcess(value, this.#module);

  constructor(spec: ExecutorSpec, listener: ExecutorListener, options: ChildOptions) {
    this.name = spec.name;
    this.#module = spec.module;
    this.#listener = listener;
    // Before anything starts: initargs that cannot reach a child (shared memory, a function)
    // throw here, leaving no process behind to wait for an init that never comes.
    const init = initFrame(spec);
    this.#socket = openChildSocket();
    const flags = withSocketAccess(
      childPermissionFlags(options.permissions, {
        libraryUrl: LIBRARY_URL.href,
        moduleUrl: options.module,
      }),
      this.#socket.path,
    );
    const heap = options.heapLimitMb === null
      ? []
      : [`--v8-flags=--max-old-space-size=${options.heapLimitMb}`];
    try {
      this.#child = new Deno.Command(Deno.execPath(), {
        // The flags start with --no-prompt: a child has no terminal to ask on.
        args: ["run", "--quiet", ...flags, ...heap, CHILD_URL.href, this.#socket.path],
        // Stdin only tells the child that this process is alive: nothing is written to it.
        stdin: "piped",
        stdout: "inherit",
        stderr: "inherit",
      }).spawn();
    } catch (error) {
      this.#socket.close();
      throw error;
    }
    this.pid = this.#child.pid;
    trackChild(this.#child);
    this.#writeFrame(init);
    const reading = this.#read();
    // A child that exits before connecting leaves nothing to accept.
    void this.#child.status.finally(() => this.#socket.close());
    this.closed = Promise.all([reading, this.#child.status]).then(([, status]) => {
      untrackChild(this.#child);
      const how = status.signal === null ? `code ${status.code}` : `signal ${status.signal}`;
      this.kill("crashed", new Error(`child process ${this.pid} exited with ${how}`), status.code);
    });
  }

  get pending(): number {
    return this.inflight.length - this.#withdrawn.size;
  }

  passed(): number {
    return this.#started;
  }

  /**
   * Asks the child to take back its unanswered units not announced as started, and returns
   * none at once: the child's answer hands those it took back to the listener's `onTakenBack`.
   * Nothing is asked while an earlier request is unanswered.
   */
  takeBack(max: number): Unit[] {
    if (!this.alive || this.#requested !== null || max < 1) return [];
    const end = this.#answered + this.inflight.length;
    let from = end;
    const lowest = Math.max(this.#answered, this.#started, end - max);
    while (from > lowest && !this.#withdrawn.has(from - 1)) from--;
    if (from === end) return [];
    this.#requested = { from, to: end - 1 };
    this.#write({ type: "take-back", ...this.#requested });
    return [];
  }

  send(units: readonly Unit[]): Array<readonly [Unit, Error]> {
    const rejected: Array<readonly [Unit, Error]> = [];
    const good: Unit[] = [];
    const payloads: unknown[] = [];
    let shared: number[] | null = null;
    for (const unit of units) {
      try {
        const encoded = encodeForProcess(unit.payload, this.#module);
        // The child decodes only what was encoded.
        if (encoded !== unit.payload) (shared ??= []).push(payloads.length);
        payloads.push(encoded);
        good.push(unit);
      } catch (error) {
        rejected.push([unit, asArgumentError(unit, error)]);
      }
    }
    if (good.length === 0) return rejected;
    const message = runMessage(good, payloads, shared);
    try {
      this.#write(message);
    } catch (error) {
      if (good.length === 1) return [...rejected, [good[0]!, asArgumentError(good[0]!, error)]];
      // Find the unit that cannot be serialized by sending them one by one.
      for (const unit of good) rejected.push(...this.send([unit]));
      return rejected;
    }
    for (const unit of good) {
      this.inflight.push(unit);
      unit.owner.noteSent();
    }
    this.sent += good.length;
    return rejected;
  }

  cancelOwner(owner: UnitOwner, reason: CancelReason): number | null {
    let running: number | null = null;
    for (let offset = 0; offset < this.inflight.length; offset++) {
      if (this.inflight.at(offset)!.owner !== owner) continue;
      const seq = this.#answered + offset;
      // Taken back, it is skipped there; it is cancelled where it went.
      if (this.#withdrawn.has(seq)) continue;
      this.#write({ type: "cancel", seq, reason });
      // The first unanswered unit is the one running (or about to).
      if (offset === 0) running = seq;
    }
    return running;
  }

  answered(seq: number): boolean {
    return seq < this.#answered;
  }

  holdProcess(held: boolean): void {
    if (held === this.#held || !this.alive || !this.#releasable) return;
    this.#held = held;
    this.#applyHold();
  }

  #applyHold(): void {
    if (this.#held) {
      this.#child.ref();
      this.#connection?.ref();
    } else {
      this.#child.unref();
      this.#connection?.unref();
    }
  }

  terminate(): void {
    if (!this.alive) return;
    this.alive = false;
    // Whoever waits for `closed` (Pool.terminate(), join()) must be kept running until the
    // child is reaped.
    if (!this.#held) {
      this.#held = true;
      this.#applyHold();
    }
    this.#socket.close();
    this.#child.stdin.close().catch(() => {});
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // It has already exited.
    }
  }

  kill(reason: Death["reason"], cause: unknown, exitCode: number | null = null): void {
    if (!this.alive) return;
    this.terminate();
    // The child announces each unit before running it, so this count is exact.
    const { started, notStarted } = splitUnanswered(
      this.inflight,
      this.#answered,
      reason === "init-error" ? this.#answered : this.#started,
      this.#withdrawn,
    );
    this.#listener.onDeath(this, { reason, cause, exitCode, started, notStarted });
  }

  #write(message: ToChild): void {
    this.#writeFrame(encodeFrame(message));
  }

  #writeFrame(frame: Uint8Array): void {
    if (this.#writer === null) {
      this.#waiting?.push(frame);
      return;
    }
    // A write to a child that has just died fails; its exit is reported by `closed`.
    this.#writer.write(frame);
  }

  async #read(): Promise<void> {
    let connection: Deno.UnixConn;
    try {
      connection = await this.#socket.accepted;
    } catch {
      // The child ended (or was stopped) before it connected; `closed` reports it.
      return;
    }
    this.#connection = connection;
    // Released before it connected: the socket must not hold the process either.
    if (!this.#held) connection.unref();
    // Not `connection.writable`: its failed write would close the connection (_frame_writer.ts).
    this.#writer = new FrameWriter(connection);
    for (const frame of this.#waiting ?? []) this.#writer.write(frame);
    this.#waiting = null;
    const reader = new FrameReader();
    try {
      for await (const chunk of connection.readable) {
        let messages: unknown[];
        try {
          messages = reader.push(chunk);
        } catch (error) {
          // What came before the bad frame counts (a unit's start, say) before the child dies.
          if (error instanceof FrameError) {
            for (const message of error.before) this.#receive(message);
          }
          this.#refuse(error);
          return;
        }
        for (const message of messages) this.#receive(message);
      }
    } catch {
      // The socket broke with the process; `closed` reports it.
    }
  }

  /** Kills a child that broke the protocol: its calls reject, this process stays bounded. */
  #refuse(problem: unknown): void {
    const what = problem instanceof Error ? problem.message : String(problem);
    this.kill(
      "protocol-violation",
      new Error(
        `child process ${this.pid} (${this.name}) broke the pool's frame protocol and was ` +
          `killed: ${what}`,
        { cause: problem },
      ),
    );
  }

  #receive(received: unknown): void {
    if (!this.alive) return;
    if (isStarted(received)) {
      // Starts only move forward, and never past the units sent.
      const count = received.count;
      if (count < this.#started || count > this.#answered + this.inflight.length) {
        this.#refuse(`it announced ${count} started unit(s) after ${this.#started}`);
        return;
      }
      this.#started = count;
      return;
    }
    if (isTakenBack(received)) {
      this.#takenBack(received);
      return;
    }
    // The same check as a worker thread's messages: a results message must answer units this
    // child announced it started, in order, or nothing is settled from it.
    const fault = messageFault(received, {
      answered: this.#answered,
      unanswered: this.inflight.length,
      passed: this.#started,
      withdrawnIn: (first, count) => this.#withdrawnIn(first, count),
    });
    if (fault !== null) {
      this.#refuse(`it sent ${fault}`);
      return;
    }
    const message = received as Exclude<ChildMessage, { type: "started" | "taken-back" }>;
    if (message.type === "ready") {
      this.starting = false;
      this.#listener.onReady?.(this);
      return;
    }
    if (message.type !== "results") {
      reportEnd(message, (reason, cause, exitCode) => this.kill(reason, cause, exitCode));
      return;
    }
    let answered: number;
    try {
      answered = settleResults(
        this.inflight,
        message,
        this.#decode,
        this.#withdrawn,
        this.#answered,
      );
    } catch (error) {
      this.#refuse(error);
      return;
    }
    this.#answered += answered;
    this.#listener.onResults(this, message.values.length, message.busyMs);
  }

  /** The child's answer to a take-back request: its units go to the listener, to run elsewhere. */
  #takenBack(message: { type: "taken-back"; seqs: unknown }): void {
    const fault = takenBackFault(message, {
      answered: this.#answered,
      passed: this.#started,
      requested: this.#requested,
      withdrawn: (seq) => this.#withdrawn.has(seq),
    });
    if (fault !== null) {
      this.#refuse(`it sent ${fault}`);
      return;
    }
    this.#requested = null;
    const units: Unit[] = [];
    for (const seq of message.seqs as number[]) {
      this.#withdrawn.add(seq);
      units.push(this.inflight.at(seq - this.#answered)!);
    }
    if (units.length > 0) this.#listener.onTakenBack?.(this, units);
  }

  #withdrawnIn(first: number, count: number): number {
    if (this.#withdrawn.size === 0) return 0;
    let found = 0;
    for (const seq of this.#withdrawn) if (seq >= first && seq < first + count) found++;
    return found;
  }
}

function isTakenBack(value: unknown): value is { type: "taken-back"; seqs: unknown } {
  return typeof value === "object" && value !== null &&
    (value as { type?: unknown }).type === "taken-back";
}

function isStarted(value: unknown): value is { type: "started"; count: number } {
  if (typeof value !== "object" || value === null) return false;
  const { type, count } = value as { type?: unknown; count?: unknown };
  return type === "started" && Number.isInteger(count);
}

/**
 * The child's init frame, its initargs encoded as a task's arguments are.
 *
 * @throws {TypeError} the task-argument error for shared memory, or one saying that initargs
 * cannot be serialized.
 */
function initFrame(spec: ExecutorSpec): Uint8Array {
  const initargs = encodeForProcess(spec.initargs, spec.module) as readonly unknown[];
  try {
    const { name, module, initializer } = spec;
    const parent = getCurrent();
    return encodeFrame(
      { type: "init", module, initializer, initargs, name, parent } satisfies ToChild,
    );
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
    throw new TypeError(
      `the initializer's arguments (initargs) cannot be sent to a child process: ${reason}. ` +
        "They travel as task arguments do, by node:v8 serialization: pass data, not functions " +
        "or symbols",
      { cause: error },
    );
  }
}

function asArgumentError(unit: Unit, error: unknown): Error {
  if (error instanceof TypeError && /shared/i.test(error.message)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof ClassTravelError) {
    return new TypeError(
      `the arguments of task "${unit.ref.name}" cannot be sent to a child process: ${reason}`,
      { cause: error },
    );
  }
  return new TypeError(
    `the arguments of task "${unit.ref.name}" cannot be sent to a child process: ${reason}. ` +
      "Arguments travel by node:v8 serialization: pass data, not functions or symbols",
    { cause: error },
  );
}
