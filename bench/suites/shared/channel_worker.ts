/**
 * The floor's bare worker (pipe.ts): runs a pipe task of work.ts on the bare MessagePort each
 * message brings, with nothing of multiproc in between, and posts back the task's result.
 *
 * @module
 */
import { type End, pipeEcho, pipeSink, pipeSource, portEnd } from "./work.ts";

const TASKS = { pipeEcho, pipeSink, pipeSource };
type Task = (conn: End, ...args: unknown[]) => Promise<number>;
const scope = globalThis as unknown as {
  onmessage(
    event: MessageEvent<{ task: keyof typeof TASKS; port: MessagePort; args: unknown[] }>,
  ): void;
  postMessage(result: number): void;
};

scope.onmessage = async ({ data: { task, port, args } }) => {
  scope.postMessage(await (TASKS[task] as Task)(portEnd(port), ...args));
};
