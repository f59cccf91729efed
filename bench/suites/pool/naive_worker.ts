/**
 * Worker of the naive baseline pool: one message in, one message out, per task.
 *
 * @module
 */
import * as work from "./work.ts";

/** A task request: call export `name` of work.ts with `args`. */
export interface NaiveRequest {
  readonly id: number;
  readonly name: string;
  readonly args: readonly unknown[];
}

/** A task's answer, matched to its request by `id`. */
export type NaiveResponse =
  | { readonly id: number; readonly value: unknown }
  | { readonly id: number; readonly error: string };

const functions = work as unknown as Record<string, (...args: unknown[]) => unknown>;
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<NaiveRequest>) => void) | null;
  postMessage(message: NaiveResponse): void;
};

scope.onmessage = (event) => {
  const { id, name, args } = event.data;
  try {
    scope.postMessage({ id, value: functions[name]!(...args) });
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
