// Function tasks a cluster Pool sends as source text, and its initializer: a real Pool with
// `cluster`, real worker processes and a real redis-server. What a worker may not run is shown
// never to run by a file the task would have written.
import assert from "node:assert/strict";
import { Pool } from "../../mod.ts";
import { ignoreWithoutRedis, type RedisServer, startRedis } from "./_redis.ts";
import {
  ALLOWED,
  deleteQueueKeys,
  lines,
  OUTSIDE,
  startWorker,
  TASKS,
  type WorkerProcess,
} from "./_cluster_worker.ts";
import { mark as exportedMark } from "../fixtures/cluster/tasks.ts";
import { failingInit, plusBase, setBase } from "../fixtures/cluster/init_tasks.ts";

const INIT = new URL("init_tasks.ts", ALLOWED).href;
// Workers start a deno process each (and children with --isolation process): bounded, generously.
const CALL_MS = 60_000;

interface Setup {
  readonly server: RedisServer;
  readonly dir: string;
  /** A fresh queue with one worker started with `args`. */
  queue(args?: string[]): { queue: string; worker: WorkerProcess };
}

function sourceTest(name: string, fn: (setup: Setup) => Promise<void>): void {
  Deno.test({ name, ignore: ignoreWithoutRedis }, async () => {
    await using server = await startRedis();
    const dir = await Deno.makeTempDir({ prefix: "multiproc_cluster_source_" });
    const started: Array<{ queue: string; worker: WorkerProcess }> = [];
    try {
      await fn({
        server,
        dir,
        queue(args = []) {
          const queue = "q" + crypto.randomUUID().slice(0, 6);
          const worker = startWorker(server.url, queue, args);
          started.push({ queue, worker });
          return { queue, worker };
        },
      });
    } finally {
      for (const { worker } of started) await worker[Symbol.asyncDispose]();
      for (const { queue } of started) await deleteQueueKeys(server.url, queue);
      await Deno.remove(dir, { recursive: true });
    }
  });
}

/** `promise`, or a rejection after `ms`: a test never hangs on a call. */
async function within<T>(promise: Promise<T>, what: string, ms = CALL_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts that `promise` rejects with a TypeError whose message matches `pattern`. */
async function refused(promise: Promise<unknown>, pattern: RegExp, what: string): Promise<void> {
  await assert.rejects(within(promise, what), (error: Error) => {
    assert.equal(error.name, "TypeError", `${what}: ${error.stack}`);
    assert.match(error.message, pattern, what);
    return true;
  });
}

// Self-contained: it runs compiled from its source, where allowed.
function appendLine(path: string, line: string): string {
  Deno.writeTextFileSync(path, `${line}\n`, { append: true });
  return line.toUpperCase();
}

sourceTest(
  "a function without a module runs on a worker with --allow-source, and never on one without",
  async ({ server, dir, queue }) => {
    const file = `${dir}/ran.txt`;
    const open = queue(["--allow-source"]);
    const closed = queue();
    {
      await using pool = new Pool({ cluster: { url: server.url, queue: open.queue } });
      assert.equal(await within(pool.apply(appendLine, [file, "open"]), "apply"), "OPEN");
      const tripled = pool.map((x: number) => x * 3, [1, 2, 3, 4], { chunksize: 2 });
      assert.deepEqual(await within(tripled, "map"), [3, 6, 9, 12]);
    }
    {
      await using pool = new Pool({ cluster: { url: server.url, queue: closed.queue } });
      await refused(
        pool.apply(appendLine, [file, "closed"]),
        // Refused by the pool when it has seen the worker's announcement, else by the worker.
        /source text.*--allow-source/,
        "a source task on a worker without --allow-source",
      );
      await refused(
        pool.map((x: number) => x * 3, [1, 2]),
        /--allow-source/,
        "an inline arrow on a worker without --allow-source",
      );
    }
    assert.deepEqual(lines(file), ["open"], "the refused task never ran");
  },
);

sourceTest(
  "a function named like an export but not it runs as given with --allow-source, never without",
  async ({ server, dir, queue }) => {
    const file = `${dir}/ran.txt`;
    // Named as tasks.ts's export `mark`, but another function: the export must not run for it.
    const impostor = {
      mark(path: string, line: string): string {
        Deno.writeTextFileSync(path, `impostor ${line}\n`, { append: true });
        return "impostor";
      },
    }.mark;
    assert.equal(impostor.name, exportedMark.name);
    const open = queue(["--allow-source"]);
    const closed = queue();
    {
      await using pool = new Pool({
        cluster: { url: server.url, queue: open.queue },
        module: TASKS,
      });
      assert.equal(await within(pool.apply(impostor, [file, "open"]), "impostor"), "impostor");
      // The export itself is taken from the module by reference.
      assert.equal(await within(pool.apply(exportedMark, [file, "export"]), "export"), "export");
    }
    {
      await using pool = new Pool({
        cluster: { url: server.url, queue: closed.queue },
        module: TASKS,
      });
      await refused(
        pool.apply(impostor, [file, "closed"]),
        /task "mark" is not the pool's module export .*not started with --allow-source/,
        "the impostor on a worker without --allow-source",
      );
      // The export runs there: it needs no source text.
      assert.equal(
        await within(pool.apply(exportedMark, [file, "closed export"]), "export"),
        "closed export",
      );
      assert.equal(await within(pool.apply("mark", [file, "by name"]), "by name"), "by name");
    }
    assert.deepEqual(lines(file), ["impostor open", "export", "closed export", "by name"]);
  },
);

sourceTest(
  "a module outside --allow-module is refused naming the prefixes, and never runs",
  async ({ server, dir, queue }) => {
    const file = `${dir}/ran.txt`;
    const { queue: name } = queue(["--allow-source"]);
    await using pool = new Pool({ cluster: { url: server.url, queue: name }, module: OUTSIDE });
    await refused(
      pool.apply("mark", [file, "by name"]),
      /cluster_outside_tasks\.ts is not under this worker's --allow-module prefixes/,
      "an export of a module outside the prefixes",
    );
    // Sent as source with that module: refused as well, even with --allow-source.
    await refused(
      pool.apply(appendLine, [file, "source"]),
      /cluster_outside_tasks\.ts is not under .*--allow-module/,
      "a function sent with a module outside the prefixes",
    );
    assert.deepEqual(lines(file), []);
  },
);

sourceTest(
  "with --isolation process --permissions none a source task runs in the child, without reads",
  async ({ server, dir, queue }) => {
    const file = `${dir}/secret.txt`;
    await Deno.writeTextFile(file, "secret");
    const { queue: name, worker } = queue([
      ...["--allow-source", "--isolation", "process", "--permissions", "none"],
    ]);
    await using pool = new Pool({ cluster: { url: server.url, queue: name } });
    const pid = await within(pool.apply(() => Deno.pid), "pid");
    assert.equal(typeof pid, "number");
    assert.notEqual(pid, worker.pid, "it ran in a child process, not in the worker");
    await assert.rejects(
      within(pool.apply((path: string) => Deno.readTextFileSync(path), [file]), "read"),
      (error: Error) => {
        assert.match(`${error.name} ${error.message}`, /NotCapable|PermissionDenied|read access/);
        return true;
      },
    );
  },
);

sourceTest(
  "the initializer runs in every worker process before its tasks, which read what it set",
  async ({ server, queue }) => {
    const { queue: name } = queue(["--processes", "2"]);
    const options = { module: INIT, processes: 2, initializer: setBase, initargs: [100] };
    const items = Array.from({ length: 12 }, (_, i) => i);
    let local: number[];
    {
      await using pool = new Pool(options);
      local = await within(pool.map(plusBase, items, { chunksize: 1 }), "local map");
    }
    await using pool = new Pool({ ...options, cluster: { url: server.url, queue: name } });
    assert.deepEqual(await within(pool.map(plusBase, items, { chunksize: 1 }), "map"), local);
    assert.deepEqual(local, items.map((i) => i + 100));
    assert.equal(await within(pool.apply("plusBase", [1]), "apply by name"), 101);
  },
);

sourceTest(
  "an initializer sent as source runs with --allow-source, and is refused without",
  async ({ server, queue }) => {
    const initializer = (value: number): void => {
      (globalThis as { clusterBase?: number }).clusterBase = value;
    };
    const task = (x: number): number => x + (globalThis as { clusterBase?: number }).clusterBase!;
    {
      const { queue: name } = queue(["--allow-source"]);
      await using pool = new Pool({
        cluster: { url: server.url, queue: name },
        initializer,
        initargs: [10],
      });
      assert.deepEqual(await within(pool.map(task, [1, 2]), "map"), [11, 12]);
    }
    {
      const { queue: name } = queue();
      await using pool = new Pool({
        cluster: { url: server.url, queue: name },
        module: INIT,
        initializer,
        initargs: [10],
      });
      // Admitted (it might have been the module's export), then refused where it would compile.
      await assert.rejects(within(pool.apply("plusBase", [1]), "apply"), (error: Error) => {
        assert.match(error.message, /could not start.*not started with --allow-source/s);
        return true;
      });
    }
  },
);

sourceTest(
  "an initializer that throws rejects the calls with its error, as the local Pool does",
  async ({ server, queue }) => {
    const { queue: name } = queue();
    const options = { module: INIT, initializer: failingInit, initargs: ["boom"] };
    const check = (error: Error): boolean => {
      assert.match(error.message, /could not start.*initializer failed: boom/s);
      assert.equal((error.cause as Error).name, "RangeError");
      return true;
    };
    {
      await using pool = new Pool(options);
      await assert.rejects(within(pool.apply(plusBase, [1]), "local apply"), check);
    }
    await using pool = new Pool({ ...options, cluster: { url: server.url, queue: name } });
    await assert.rejects(within(pool.apply(plusBase, [1]), "apply"), check);
    // Every later call fails the same way: nothing hangs, nothing retries without end.
    await assert.rejects(within(pool.map(plusBase, [1, 2, 3]), "map"), check);
  },
);
