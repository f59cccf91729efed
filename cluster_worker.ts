/**
 * The cluster worker command: runs a queue's tasks on this machine in local multiproc Pools.
 *
 * ```sh
 * deno run -A cluster_worker.ts --redis redis://10.0.0.5:6379 --queue default --processes 4 \
 *   --allow-module https://example.com/tasks/
 * deno run -A cluster_worker.ts status --redis redis://10.0.0.5:6379 --queue default
 * ```
 *
 * Exit codes: 0 after SIGTERM or SIGINT (entries not started are handed back), 1 when the worker
 * fails, 2 for bad flags.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { ClusterWorker } from "./lib/cluster_worker/worker.ts";
import type { ClusterWorkerOptions } from "./lib/cluster_worker/options.ts";
import { printStatus } from "./lib/cluster_worker/status.ts";

const USAGE = `Usage:
  deno run -A cluster_worker.ts --redis redis://host:6379 --allow-module <url prefix> [options]
  deno run -A cluster_worker.ts status --redis redis://host:6379 [--queue NAME]

Options:
  --redis URL               the Redis server (redis:// or rediss://), required
  --queue NAME              the queue to read (default "default")
  --processes N             units run at once (default 1)
  --allow-module PREFIX     a module URL prefix tasks may come from; repeat for more; required
  --allow-source            also run functions that are not exports of an allowed module,
                            compiled from their source text in the local workers (sandboxed
                            by --isolation and --permissions); without it none is compiled
  --isolation thread|process  where units run (default thread)
  --permissions none|inherit  what units may do (default inherit)
  --heap-limit-mb N         heap limit of each unit process (with --isolation process)
  --max-tasks-per-child N   replace a local worker after N units
  --visibility MS           lease of an entry (default 5000)
  --prefetch N              entries held per process (default 1)
  --help                    this text`;

function usageError(message: string): never {
  console.error(`cluster_worker: ${message}\n\n${USAGE}`);
  Deno.exit(2);
}

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) usageError(`${flag} expects a whole number, received "${value}"`);
  return Number(value);
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        redis: { type: "string" },
        queue: { type: "string" },
        processes: { type: "string" },
        "allow-module": { type: "string", multiple: true },
        "allow-source": { type: "boolean" },
        isolation: { type: "string" },
        permissions: { type: "string" },
        "heap-limit-mb": { type: "string" },
        "max-tasks-per-child": { type: "string" },
        visibility: { type: "string" },
        prefetch: { type: "string" },
        help: { type: "boolean" },
      },
    });
  } catch (error) {
    usageError((error as Error).message);
  }
}

async function main(args: string[]): Promise<void> {
  const { values, positionals } = parse(args);
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== "status")) {
    usageError(`unknown command "${positionals.join(" ")}" (the only one is "status")`);
  }
  if (values.redis === undefined) usageError("--redis <redis://host:port> is required");
  if (positionals[0] === "status") {
    await printStatus(values.redis, values.queue ?? "default");
    return;
  }
  if (values["allow-module"] === undefined) {
    usageError(
      "--allow-module <url prefix> is required: a worker imports tasks only from the prefixes " +
        "it is given, since whoever can write to the queue could otherwise run any code",
    );
  }
  const isolation = values.isolation;
  if (isolation !== undefined && isolation !== "thread" && isolation !== "process") {
    usageError(`--isolation expects "thread" or "process", received "${isolation}"`);
  }
  const permissions = values.permissions;
  if (permissions !== undefined && permissions !== "none" && permissions !== "inherit") {
    usageError(`--permissions expects "none" or "inherit", received "${permissions}"`);
  }
  const options: ClusterWorkerOptions = {
    redis: values.redis,
    allowModule: values["allow-module"],
    allowSource: values["allow-source"] ?? false,
  };
  const numbers = {
    processes: count(values.processes, "--processes"),
    heapLimitMb: count(values["heap-limit-mb"], "--heap-limit-mb"),
    maxTasksPerChild: count(values["max-tasks-per-child"], "--max-tasks-per-child"),
    visibility: count(values.visibility, "--visibility"),
    prefetch: count(values.prefetch, "--prefetch"),
  };
  const all: Record<string, unknown> = { ...options, queue: values.queue, isolation, permissions };
  for (const [name, value] of Object.entries(numbers)) all[name] = value;
  for (const name of Object.keys(all)) if (all[name] === undefined) delete all[name];
  let worker: ClusterWorker;
  try {
    worker = new ClusterWorker(all as unknown as ClusterWorkerOptions);
  } catch (error) {
    usageError((error as Error).message);
  }
  await worker.start();
  console.error(`cluster_worker ${worker.name}: reading queue ${values.queue ?? "default"}`);
  const stopped = Promise.withResolvers<void>();
  const onSignal = (): void => stopped.resolve();
  Deno.addSignalListener("SIGTERM", onSignal);
  Deno.addSignalListener("SIGINT", onSignal);
  await stopped.promise;
  Deno.removeSignalListener("SIGTERM", onSignal);
  Deno.removeSignalListener("SIGINT", onSignal);
  await worker.stop();
  console.error(`cluster_worker ${worker.name}: stopped`);
}

if (import.meta.main) {
  try {
    await main(Deno.args);
    Deno.exit(0);
  } catch (error) {
    console.error("cluster_worker:", error);
    Deno.exit(1);
  }
}
