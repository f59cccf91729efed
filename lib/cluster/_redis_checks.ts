/**
 * Checks of the numbers the Redis broker is given and of the JSON it reads back (worker
 * announcements and cancel broadcasts, which anyone with access to the queue could forge).
 *
 * @module
 */
import type { WorkerInfo } from "./broker.ts";
import { checkName } from "./keys.ts";

/** Checks a count or a TTL: an integer ≥ 1. */
export function checkCount(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${what} must be an integer ≥ 1, received ${value}`);
  }
  return value;
}

/** Checks a time in milliseconds that may be 0. */
export function checkMs(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `${what} must be an integer number of milliseconds ≥ 0, received ${value}`,
    );
  }
  return value;
}

/** `text` parsed as JSON, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function nameProblem(value: unknown, what: string): string | null {
  try {
    checkName(value, what);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

/**
 * `value` as a {@linkcode WorkerInfo} (only its known fields), or what is wrong with it.
 * `name`, when given, is the name it was announced under.
 */
export function checkWorker(value: unknown, name?: string): WorkerInfo | string {
  if (typeof value !== "object" || value === null) return "a worker's info is no JSON object";
  const info = value as Record<string, unknown>;
  const problem = nameProblem(info.name, "worker name");
  if (problem !== null) return problem;
  if (name !== undefined && info.name !== name) {
    return `the info of worker ${name} names ${JSON.stringify(info.name)}`;
  }
  if (typeof info.host !== "string") return "the host is no string";
  if (!Number.isSafeInteger(info.pid) || (info.pid as number) < 0) return "the pid is no integer";
  if (!Number.isSafeInteger(info.capacity) || (info.capacity as number) < 1) {
    return "the capacity is no integer ≥ 1";
  }
  const wire = info.wire;
  if (!Array.isArray(wire) || !wire.every((v) => Number.isSafeInteger(v) && v >= 0)) {
    return "wire is no list of versions";
  }
  if (!isStrings(info.allowModule)) return "allowModule is no list of strings";
  if (typeof info.allowSource !== "boolean") return "allowSource is no boolean";
  return {
    name: info.name as string,
    host: info.host,
    pid: info.pid as number,
    capacity: info.capacity as number,
    wire: [...wire] as number[],
    allowModule: [...info.allowModule],
    allowSource: info.allowSource,
  };
}

/** A cancel broadcast's pool and calls, or what is wrong with it. */
export function parseCancel(message: string): { pool: string; calls: number[] } | string {
  const value = parseJson(message);
  if (typeof value !== "object" || value === null) return "a broadcast that is no JSON object";
  const { pool, calls } = value as Record<string, unknown>;
  const problem = nameProblem(pool, "pool id");
  if (problem !== null) return `a broadcast: ${problem}`;
  if (!Array.isArray(calls) || !calls.every((c) => Number.isSafeInteger(c) && c >= 0)) {
    return `a broadcast for pool ${pool} whose calls are no list of integers ≥ 0`;
  }
  return { pool: pool as string, calls: calls as number[] };
}
