/**
 * Parent side of one child `deno` process (`isolation: "process"`): the same job as a
 * {@linkcode WorkerHandle}, over length-prefixed `node:v8` frames on the child's stdio. A
 * cancelled task that does not stop is killed for real, with its process.
 *
 * @module
 */
import { decodeFromProcess, encodeForProcess } from "../shared/transport.ts";
import type { CancelReason } from "./_control.ts";
import { encodeFrame, FrameReader } from "./_framing.ts";
import { trackChild, untrackChild } from "./_child_registry.ts";
import { Deque } from "./deque.ts";
import type {
  Death,
  Executor,
  ExecutorListener,
  ExecutorSpec,
  Unit,
  UnitOwner,
} from "./executor.ts";
import { childPermissionFlags, type PermissionsOption } from "./permissions.ts";
import type { ChildMessage, ToChild } from "./protocol.ts";
import { reportEnd, runMessage, settleResults } from "./_batch.ts";

const CHILD_URL = new URL("./child_entry.ts", import.meta.url);
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
  /** Resolves once the process has exited and its pipes are closed. */
  readonly closed: Promise<void>;
  readonly #child: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #listener: ExecutorListener;
  #answered = 0;

  constructor(spec: ExecutorSpec, listener: ExecutorListener, options: ChildOptions) {
    this.name = spec.name;
    this.#listener = listener;
    const flags = childPermissionFlags(options.permissions, {
      libraryUrl: LIBRARY_URL.href,
      moduleUrl: options.module,
    });
    const heap = options.heapLimitMb === null
      ? []
      : [`--v8-flags=--max-old-space-size=${options.heapLimitMb}`];
    this.#child = new Deno.Command(Deno.execPath(), {
      // The flags start with --no-prompt: a child has no terminal to ask on.
      args: ["run", "--quiet", ...flags, ...heap, CHILD_URL.href],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.pid = this.#child.pid;
    trackChild(this.#child);
    this.#stdin = this.#child.stdin.getWriter();
    this.#write({
      type: "init",
      module: spec.module,
      initializer: spec.initializer,
      initargs: encodeForProcess(spec.initargs) as readonly unknown[],
      name: spec.name,
    });
    const reading = this.#read();
    this.closed = Promise.all([reading, this.#child.status]).then(([, status]) => {
      untrackChild(this.#child);
      const how = status.signal === null ? `code ${status.code}` : `signal ${status.signal}`;
      this.kill("crashed", new Error(`child process ${this.pid} exited with ${how}`), status.code);
    });
  }

  send(units: readonly Unit[]): Array<readonly [Unit, Error]> {
    const rejected: Array<readonly [Unit, Error]> = [];
    const good: Unit[] = [];
    const payloads: unknown[] = [];
    let shared: number[] | null = null;
    for (const unit of units) {
      try {
        const encoded = encodeForProcess(unit.payload);
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
      this.#write({ type: "cancel", seq, reason });
      // The first unanswered unit is the one running (or about to).
      if (offset === 0) running = seq;
    }
    return running;
  }

  answered(seq: number): boolean {
    return seq < this.#answered;
  }

  terminate(): void {
    if (!this.alive) return;
    this.alive = false;
    this.#stdin.close().catch(() => {});
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // It has already exited.
    }
  }

  kill(reason: Death["reason"], cause: unknown, exitCode: number | null = null): void {
    if (!this.alive) return;
    this.terminate();
    const unanswered = this.inflight.drain();
    // Without shared memory the parent cannot tell whether the first unanswered unit had
    // started; it is counted as running (retries cover the case where it had not).
    const started = reason === "init-error" ? 0 : Math.min(1, unanswered.length);
    this.#listener.onDeath(this, {
      reason,
      cause,
      exitCode,
      started: unanswered.slice(0, started),
      notStarted: unanswered.slice(started),
    });
  }

  #write(message: ToChild): void {
    const frame = encodeFrame(message);
    // A write to a child that has just died fails; its exit is reported by `closed`.
    this.#stdin.write(frame).catch(() => {});
  }

  async #read(): Promise<void> {
    const reader = new FrameReader();
    try {
      for await (const chunk of this.#child.stdout) {
        try {
          for (const message of reader.push(chunk)) this.#receive(message as ChildMessage);
        } catch (error) {
          // A task can write to its raw stdout: after bytes that are no frame, or a frame that
          // answers more calls than were sent, nothing more from this child can be trusted.
          const what = `child process ${this.pid} broke the frame protocol on its stdout`;
          this.kill("crashed", new Error(what, { cause: error }));
          return;
        }
      }
    } catch {
      // The pipe broke with the process; `closed` reports it.
    }
  }

  #receive(message: ChildMessage): void {
    if (message.type === "stdout") {
      printToStdout(message.text);
      return;
    }
    if (!this.alive) return;
    if (message.type !== "results") {
      reportEnd(message, (reason, cause, exitCode) => this.kill(reason, cause, exitCode));
      return;
    }
    const answered = settleResults(this.inflight, message, decodeFromProcess);
    this.#answered += answered;
    this.#listener.onResults(this, answered, message.busyMs);
  }
}

const encoder = new TextEncoder();

function printToStdout(text: string): void {
  const bytes = encoder.encode(text);
  let offset = 0;
  while (offset < bytes.byteLength) offset += Deno.stdout.writeSync(bytes.subarray(offset));
}

function asArgumentError(unit: Unit, error: unknown): Error {
  if (error instanceof TypeError && /shared/i.test(error.message)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new TypeError(
    `the arguments of task "${unit.ref.name}" cannot be sent to a child process: ${reason}. ` +
      "Arguments travel by node:v8 serialization: pass data, not functions or symbols",
    { cause: error },
  );
}
