/**
 * Parent side of one child `deno` process (`isolation: "process"`): the same job as a
 * {@linkcode ThreadExecutor}, over length-prefixed `node:v8` frames on a private Unix socket
 * (`_child_socket.ts`), so the child's stdout and stderr are simply the parent's. The child's
 * stdin is a pipe the parent never writes: when it closes (this process ended, however) the
 * child kills itself. A cancelled task that does not stop is killed for real, with its process;
 * so is a child that sends a frame the parent cannot accept. Units queued behind a stuck task
 * are asked back with a `take-back` frame, which the child's I/O thread answers even while the
 * task blocks its main thread; those it took back go to another worker. The rest of an
 * executor's job is {@linkcode ExecutorBase}'s.
 *
 * @module
 */
import { ClassTravelError, decodeFromProcess, encodeForProcess } from "../wire/codec.ts";
import type { CancelReason } from "./control_block.ts";
import { encodeFrame, FrameError, FrameReader } from "../wire/framing.ts";
import { type ChildSocket, openChildSocket } from "./_child_socket.ts";
import { trackChild, untrackChild } from "./_child_registry.ts";
import { FrameWriter } from "./_frame_writer.ts";
import type { Death, ExecutorListener, ExecutorSpec, Unit, UnitOwner } from "./executor.ts";
import { type ChildOptions, spawnChild } from "./_child_spawn.ts";
import { withResolutionHint } from "./_child_resolution.ts";
import type { RunMessage, ToChild } from "./protocol.ts";
import { ExecutorBase } from "./_executor_base.ts";
import { argumentError, initargsError, initFields } from "./_batch.ts";
import { isStarted, isTakenBack, takenBackFault } from "./_message_check.ts";

// How a payload travels to a child, for the errors of arguments that cannot.
const TRAVEL = "node:v8 serialization";

/** A running child process and the units it holds. */
export class ProcessExecutor extends ExecutorBase {
  readonly pid: number;
  /** Resolves once the process has exited and its pipes are closed. */
  readonly closed: Promise<void>;
  readonly #child: Deno.ChildProcess;
  readonly #socket: ChildSocket;
  readonly #writer: FrameWriter;
  // Units the child said it passed (a `started` frame comes before each one runs).
  #started = 0;
  // The take-back request awaiting its answer: one at a time.
  #requested: { readonly from: number; readonly to: number } | null = null;
  #connection: Deno.UnixConn | null = null;
  readonly #resolution: readonly string[];

  constructor(spec: ExecutorSpec, listener: ExecutorListener, options: ChildOptions) {
    super(spec, listener);
    this.#resolution = options.resolution;
    // Before anything starts: initargs that cannot reach a child (shared memory, a function)
    // throw here, leaving no process behind to wait for an init that never comes.
    const init = initFrame(spec);
    this.#socket = openChildSocket();
    try {
      this.#child = spawnChild(this.#socket.path, options);
    } catch (error) {
      this.#socket.close();
      throw error;
    }
    this.pid = this.#child.pid;
    trackChild(this.#child);
    // Frames wait in the writer until the child has connected. Not `connection.writable`: its
    // failed write would close the connection (see _frame_writer.ts).
    this.#writer = new FrameWriter(this.#socket.accepted);
    this.#writer.write(init);
    const reading = this.#read();
    // A child that exits before connecting leaves nothing to accept.
    void this.#child.status.finally(() => this.#socket.close());
    this.closed = Promise.all([reading, this.#child.status]).then(([, status]) => {
      untrackChild(this.#child);
      const how = status.signal === null ? `code ${status.code}` : `signal ${status.signal}`;
      this.kill("crashed", new Error(`child process ${this.pid} exited with ${how}`), status.code);
    });
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
    const end = this.firstUnanswered + this.inflight.length;
    let from = end;
    const lowest = Math.max(this.firstUnanswered, this.#started, end - max);
    while (from > lowest && !this.withdrawn.has(from - 1)) from--;
    if (from === end) return [];
    this.#requested = { from, to: end - 1 };
    this.#write({ type: "take-back", ...this.#requested });
    return [];
  }

  cancelOwner(owner: UnitOwner, reason: CancelReason): number | null {
    let running: number | null = null;
    // Taken back, a unit is skipped there; it is cancelled where it went.
    for (const seq of this.unitsOf(owner)) {
      this.#write({ type: "cancel", seq, reason });
      // The first unanswered unit is the one running (or about to).
      if (seq === this.firstUnanswered) running = seq;
    }
    return running;
  }

  protected encode(unit: Unit): unknown {
    return encodeForProcess(unit.payload, this.module);
  }

  protected decode(value: unknown): unknown {
    return decodeFromProcess(value, this.module);
  }

  protected post(message: RunMessage): void {
    this.#write(message);
  }

  protected argumentError(unit: Unit, error: unknown): Error {
    if (error instanceof TypeError && /shared/i.test(error.message)) return error;
    const travel = error instanceof ClassTravelError ? null : TRAVEL;
    return argumentError(unit, error, "a child process", travel);
  }

  /** Finds the units that cannot be serialized by sending them one by one. */
  protected sendFailed(units: readonly Unit[], error: unknown): Array<readonly [Unit, Error]> {
    if (units.length === 1) return [[units[0]!, this.argumentError(units[0]!, error)]];
    return units.flatMap((unit) => this.send([unit]));
  }

  protected applyHold(held: boolean): void {
    if (held) {
      this.#child.ref();
      this.#connection?.ref();
    } else {
      this.#child.unref();
      this.#connection?.unref();
    }
  }

  protected stop(): void {
    // Whoever waits for `closed` (Pool.terminate(), join()) must be kept running until the
    // child is reaped.
    this.holdUntilClosed();
    this.#socket.close();
    this.#child.stdin.close().catch(() => {});
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // It has already exited.
    }
  }

  /** An import the child could not resolve says which config it was given. */
  override kill(reason: Death["reason"], cause: unknown, exitCode: number | null = null): void {
    const explained = reason === "init-error" ? withResolutionHint(cause, this.#resolution) : cause;
    super.kill(reason, explained, exitCode);
  }

  /** The child announces each unit before running it, so this count is exact. */
  protected override passedAtDeath(reason: Death["reason"]): number {
    return reason === "init-error" ? this.firstUnanswered : this.#started;
  }

  protected violation(what: string, cause?: unknown): void {
    this.#refuse(`it sent ${what}`, cause);
  }

  #write(message: ToChild): void {
    // A write to a child that has just died fails; its exit is reported by `closed`.
    this.#writer.write(encodeFrame(message));
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
    if (!this.held) connection.unref();
    const reader = new FrameReader();
    try {
      for await (const chunk of connection.readable) {
        let messages: unknown[];
        try {
          messages = reader.push(chunk);
        } catch (error) {
          // What came before the bad frame counts (a unit's start, say) before the child dies.
          if (error instanceof FrameError) {
            for (const message of error.before) this.receive(message);
          }
          this.#refuse(error);
          return;
        }
        for (const message of messages) this.receive(message);
      }
    } catch {
      // The socket broke with the process; `closed` reports it.
    }
  }

  /** Kills a child that broke the protocol: its calls reject, this process stays bounded. */
  #refuse(problem: unknown, cause: unknown = problem): void {
    const what = problem instanceof Error ? problem.message : String(problem);
    this.kill(
      "protocol-violation",
      new Error(
        `child process ${this.pid} (${this.name}) broke the pool's frame protocol and was ` +
          `killed: ${what}`,
        { cause },
      ),
    );
  }

  protected override receive(received: unknown): void {
    if (!this.alive) return;
    if (isStarted(received)) {
      // Starts only move forward, and never past the units sent.
      const count = received.count;
      if (count < this.#started || count > this.firstUnanswered + this.inflight.length) {
        this.#refuse(`it announced ${count} started unit(s) after ${this.#started}`);
        return;
      }
      this.#started = count;
      return;
    }
    if (isTakenBack(received)) this.#takenBack(received);
    // The same check as a worker thread's messages: a results message must answer units this
    // child announced it started, in order, or nothing is settled from it.
    else super.receive(received);
  }

  /** The child's answer to a take-back request: its units go to the listener, to run elsewhere. */
  #takenBack(message: { type: "taken-back"; seqs: unknown }): void {
    const fault = takenBackFault(message, {
      answered: this.firstUnanswered,
      passed: this.#started,
      requested: this.#requested,
      withdrawn: (seq) => this.withdrawn.has(seq),
    });
    if (fault !== null) {
      this.violation(fault);
      return;
    }
    this.#requested = null;
    const units: Unit[] = [];
    for (const seq of message.seqs as number[]) {
      this.withdrawn.add(seq);
      units.push(this.inflight.at(seq - this.firstUnanswered)!);
    }
    if (units.length > 0) this.listener.onTakenBack?.(this, units);
  }
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
    return encodeFrame(initFields(spec, initargs) satisfies ToChild);
  } catch (error) {
    throw initargsError(error, "a child process", TRAVEL);
  }
}
