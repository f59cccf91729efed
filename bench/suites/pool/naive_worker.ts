/** The naive pool's worker: one `{ id, name, args }` message in, one out, per task. @module */
import * as work from "./work.ts";

const tasks = work as unknown as Record<string, (...args: unknown[]) => unknown>;
const scope = self as unknown as {
  onmessage(event: MessageEvent<{ id: number; name: string; args: unknown[] }>): void;
  postMessage(message: { id: number; value: unknown }): void;
};

scope.onmessage = ({ data: { id, name, args } }) => {
  scope.postMessage({ id, value: tasks[name]!(...args) });
};
