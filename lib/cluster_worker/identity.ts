/**
 * How a worker names itself and what it announces: its consumer name, host, pid, capacity, the
 * wire versions it reads and what it admits.
 *
 * @module
 */
import { hostname } from "node:os";
import type { WorkerInfo } from "../cluster/broker.ts";
import { WIRE_VERSION } from "../cluster/wire.ts";
import type { ClusterWorkerSettings } from "./options.ts";

/**
 * A consumer name `<host>-<pid>-<random>`, the host's characters that cannot go into a key
 * replaced, so two workers never share a name.
 */
export function consumerName(): string {
  const host = hostname().replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 60) || "host";
  return `${host}-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
}

/** What worker `name` with `settings` announces. */
export function workerInfo(name: string, settings: ClusterWorkerSettings): WorkerInfo {
  return {
    name,
    host: hostname(),
    pid: Deno.pid,
    capacity: settings.processes,
    wire: [WIRE_VERSION],
    allowModule: settings.allowModule,
    allowSource: settings.allowSource,
  };
}
