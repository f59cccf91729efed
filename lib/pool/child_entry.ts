/**
 * The script a pool child process (`isolation: "process"`) runs: a {@linkcode Runner} whose
 * messages are length-prefixed `node:v8` frames, read from stdin and written to stdout. What
 * the task prints to stdout travels as frames too (the parent prints it), so it cannot corrupt
 * the stream; stderr is the parent's. The process exits when its parent closes stdin.
 *
 * @module
 */
import { format } from "node:util";
import { setCurrent } from "../process/_state.ts";
import { CancelReason } from "./_control.ts";
import { encodeFrame, FrameReader } from "./_framing.ts";
import { toFailure } from "./failure.ts";
import type { ChildMessage, Failure, FromWorker, ToChild } from "./protocol.ts";
import { Runner } from "./_runner.ts";
import { abortIfCurrent } from "./_task_state.ts";
import { decodeFromProcess, encodeForProcess } from "../shared/transport.ts";

// Read by the kernel module: a child is a worker in role, so it loads mathjs only on request.
(globalThis as Record<symbol, unknown>)[Symbol.for("multiproc.poolChild")] = true;
const realExit = Deno.exit;
const stdout = Deno.stdout;
const realWriteSync = stdout.writeSync.bind(stdout);
const cancelled = new Map<number, CancelReason>();
let started = 0;

function writeAll(bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.byteLength) offset += realWriteSync(bytes.subarray(offset));
}

function send(message: ChildMessage): void {
  writeAll(encodeFrame(message));
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
      const encoded = encodeForProcess(values[i]);
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

function printed(text: string): void {
  send({ type: "stdout", text });
}

const runner = new Runner({
  post,
  end: () => realExit(0),
  startUnit: () => started++,
  // A child has no shared memory with its parent: cancellation arrives by message, so a task
  // in a synchronous loop cannot see it; the parent kills the process after cancelGrace.
  cancelReason: (seq) => cancelled.get(seq) ?? CancelReason.None,
  idle: () => cancelled.clear(),
});

for (const method of ["log", "info", "debug", "dir", "table"] as const) {
  console[method] = (...args: unknown[]) => printed(format(...args) + "\n");
}
const decoder = new TextDecoder();
stdout.writeSync = (bytes: Uint8Array) => {
  printed(decoder.decode(bytes));
  return bytes.byteLength;
};
stdout.write = (bytes: Uint8Array) => Promise.resolve(stdout.writeSync(bytes));
globalThis.close = () => runner.die("close");
Deno.exit = (code?: number): never => {
  const exitCode = typeof code === "number" ? code : 0;
  runner.die("exit", undefined, exitCode);
  return realExit(exitCode);
};
globalThis.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  runner.die("unhandled-rejection", event.reason);
});
globalThis.addEventListener("error", (event) => {
  event.preventDefault();
  runner.die("uncaught-error", event.error);
});

function receive(message: ToChild): void {
  switch (message.type) {
    case "init":
      setCurrent({ name: message.name, pid: Deno.pid }, new SharedArrayBuffer(4 * 65_536));
      void runner.init(
        message.module,
        message.initializer,
        decodeFromProcess(message.initargs) as unknown[],
      );
      return;
    case "cancel":
      cancelled.set(message.seq, message.reason);
      abortIfCurrent(message.seq, message.reason);
      return;
    case "run": {
      const payloads = message.payloads as unknown[];
      for (const i of message.shared ?? []) payloads[i] = decodeFromProcess(payloads[i]);
      runner.enqueue(message);
    }
  }
}

const reader = new FrameReader();
for await (const chunk of Deno.stdin.readable) {
  for (const message of reader.push(chunk)) receive(message as ToChild);
}
// The parent closed our stdin: it stopped us, or it is gone.
realExit(0);
