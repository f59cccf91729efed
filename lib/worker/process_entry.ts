/**
 * The script a pool child process (`isolation: "process"`) runs: a {@linkcode Runner} whose
 * messages are length-prefixed `node:v8` frames over a private Unix socket, whose path is this
 * script's only argument. It connects before any task code runs, and the parent accepts that
 * one connection and removes the path, so task code cannot reach the frames: its stdout and
 * stderr are the parent's, untouched. An I/O thread (`_child_io.ts`) owns the socket, so frames
 * flow, starts are announced and queued units are taken back for the parent while a task blocks
 * this thread; it also kills this process when stdin, a pipe the parent holds open and never
 * writes, ends.
 *
 * @module
 */
import { markPoolChild } from "../internal/runtime.ts";
import { installEntryHooks, startFromInit } from "./_entry_hooks.ts";
import { CancelReason, claimWord } from "./control_block.ts";
import { encodeFrame, FrameReader } from "../wire/framing.ts";
import { preloadNodeV8 } from "../wire/_node_v8.ts";
import { ChildControl, type ChildIoInit } from "./_child_control.ts";
import { toFailure } from "../wire/failure.ts";
import type { ChildMessage, Failure, FromWorker, ToChild } from "./protocol.ts";
import { Runner } from "./runner.ts";
import { abortIfCurrent } from "./_task_state.ts";
import { decodeOrDefer } from "./_undecoded.ts";
import { decodeFromProcess, encodeForProcess } from "../wire/codec.ts";

// A child is a worker in role: the kernel loads mathjs only on request, the main guard applies.
markPoolChild();
// Every frame is node:v8 bytes: loaded now, while the I/O thread connects.
preloadNodeV8();
const realExit = Deno.exit;
const cancelled = new Map<number, CancelReason>();
let started = 0;
// The pool's module: instances of its classes travel as instances (see wire/_class_space.ts).
let taskModule: string | null = null;
const decodeArgs = (value: unknown): unknown => decodeFromProcess(value, taskModule);

const socketPath = Deno.args[0];
if (socketPath === undefined) {
  throw new Error("process_entry.ts is started by a process pool, with its socket path argument");
}
// The I/O thread owns the socket and the stdin watch; it starts before any task code runs.
const control = new Int32Array(new SharedArrayBuffer(4 * ChildControl.Size));
const io = new Worker(new URL("./_child_io.ts", import.meta.url), { type: "module" });
io.postMessage({ socketPath, control: control.buffer } satisfies ChildIoInit);
let posted = 0;
// How long an exiting child waits for its last frames to leave before it exits anyway.
const FLUSH_LIMIT_MS = 5_000;

function send(message: ChildMessage): void {
  const frame = encodeFrame(message);
  io.postMessage(frame, [frame.buffer as ArrayBuffer]);
  posted++;
}

/** Exits once the I/O thread has written every frame posted so far (or after a limit). */
function exitAfterFlush(code: number): never {
  const deadline = performance.now() + FLUSH_LIMIT_MS;
  for (;;) {
    const written = Atomics.load(control, ChildControl.Written);
    const left = deadline - performance.now();
    if (written >= posted || left <= 0) break;
    Atomics.wait(control, ChildControl.Written, written, left);
  }
  return realExit(code);
}

function resultError(error: unknown): Failure {
  const reason = error instanceof Error ? error.message : String(error);
  return toFailure(
    new TypeError(`the task's result cannot be sent back from its child process: ${reason}`),
  );
}

/**
 * Sends results in one frame; a value that cannot be encoded or serialized fails its own unit
 * (found one by one only when the frame as a whole cannot be written).
 */
function post(message: FromWorker): void {
  if (message.type !== "results") {
    send(message);
    return;
  }
  const values = message.values as unknown[];
  const failures = [...(message.failures ?? [])];
  const failed = new Set(failures.map(([position]) => position));
  let shared: number[] | null = null;
  for (let i = 0; i < values.length; i++) {
    if (failed.has(i)) continue;
    try {
      const encoded = encodeForProcess(values[i], taskModule);
      if (encoded !== values[i]) (shared ??= []).push(i);
      values[i] = encoded;
    } catch (error) {
      failures.push([i, resultError(error)]);
      failed.add(i);
      values[i] = undefined;
    }
  }
  const frame = (): ChildMessage => ({
    ...message,
    failures: failures.length > 0 ? failures.sort((a, b) => a[0] - b[0]) : null,
    shared: shared?.filter((i) => !failed.has(i)) ?? null,
  });
  try {
    send(frame());
  } catch {
    for (let i = 0; i < values.length; i++) {
      if (failed.has(i)) continue;
      try {
        encodeFrame(values[i]);
      } catch (error) {
        failures.push([i, resultError(error)]);
        failed.add(i);
        values[i] = undefined;
      }
    }
    send(frame());
  }
}

const runner = new Runner({
  post,
  end: () => exitAfterFlush(0),
  // The I/O thread announces the start to the parent while the task runs.
  // A unit the parent took back (through the I/O thread) is skipped: claimed here first, it runs.
  startUnit: () => {
    const seq = started++;
    const claimed = claimWord(control, ChildControl.Claims, seq);
    // Counted after the claim: once the parent hears of the count, the claim is settled.
    Atomics.store(control, ChildControl.Started, started);
    Atomics.notify(control, ChildControl.Started);
    return claimed ? seq : null;
  },
  // A child has no shared memory with its parent: cancellation arrives by message, so a task
  // in a synchronous loop cannot see it; the parent kills the process after cancelGrace.
  cancelReason: (seq) => cancelled.get(seq) ?? CancelReason.None,
  idle: () => cancelled.clear(),
});

// Before any task code runs; the last frames leave before the child exits.
installEntryHooks(runner, exitAfterFlush);

function receive(message: ToChild): void {
  switch (message.type) {
    case "init":
      taskModule = message.module;
      // No thread of the parent's shares memory with a child: its registry is its own.
      startFromInit(runner, message, Deno.pid, new SharedArrayBuffer(4 * 65_536), decodeArgs);
      return;
    case "cancel":
      cancelled.set(message.seq, message.reason);
      abortIfCurrent(message.seq, message.reason);
      return;
    case "run": {
      const payloads = message.payloads as unknown[];
      for (const i of message.shared ?? []) payloads[i] = decodeOrDefer(payloads[i], decodeArgs);
      runner.enqueue(message);
    }
  }
}

const reader = new FrameReader();
io.onmessage = (event: MessageEvent<Uint8Array | null>) => {
  // The parent closed the socket: it stopped us, or it is gone.
  if (event.data === null) realExit(0);
  else for (const message of reader.push(event.data)) receive(message as ToChild);
};
