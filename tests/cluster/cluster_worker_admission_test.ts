// What a cluster worker admits, decided from an entry's header alone, and its options' checks.
import assert from "node:assert/strict";
import {
  admission,
  allowedModule,
  localTask,
  SOURCE_REFUSED,
} from "../../lib/cluster_worker/admission.ts";
import { taskRef } from "../../lib/worker/task_ref.ts";
import { clusterWorkerSettings } from "../../lib/cluster_worker/options.ts";
import { decodeTask, encodeTask } from "../../lib/cluster/wire.ts";

const header = { pool: "p", call: 4, chunk: 0, kind: "map" as const };

Deno.test("allowedModule() compares normalized URLs, so .. cannot leave the prefix", () => {
  const prefixes = ["https://tasks.example/ok/"];
  assert.ok(allowedModule("https://tasks.example/ok/count.ts", prefixes));
  assert.ok(!allowedModule("https://tasks.example/ok/../evil.ts", prefixes));
  assert.ok(!allowedModule("https://tasks.example/okay.ts", prefixes));
  assert.ok(!allowedModule("https://tasks.example.evil.test/ok/count.ts", prefixes));
  assert.ok(!allowedModule("not a url", prefixes));
});

Deno.test("admission() refuses a module outside the prefixes naming it and the prefixes", () => {
  const admit = admission(["https://a.test/x/", "file:///srv/tasks/"], false);
  assert.throws(
    () => admit({ ...header, task: { module: "https://b.test/y.ts", name: "y" } }),
    (error: Error) =>
      error instanceof TypeError && error.message.includes("https://b.test/y.ts") &&
      error.message.includes("https://a.test/x/, file:///srv/tasks/"),
  );
});

Deno.test("admission() refuses a task only source text can give without --allow-source", () => {
  const closed = admission(["https://a.test/"], false);
  const open = admission(["https://a.test/"], true);
  const inline = { ...header, task: { source: "(x) => x", name: "f" } };
  assert.throws(
    () => closed(inline),
    (error: Error) =>
      error instanceof TypeError && /Task f of call 4 refused/.test(error.message) &&
      /not started with --allow-source/.test(error.message),
  );
  open(inline);
  // Twins are never taken from the module: only their source can give them.
  const twins = {
    module: "https://a.test/m.ts",
    name: "f",
    source: "(x) => x",
    twins: true as const,
  };
  assert.throws(
    () => closed({ ...header, task: twins }),
    /several different .*--allow-source/,
  );
  open({ ...header, task: twins });
  // It may be the module's export: the local worker decides, and compiles nothing (localTask).
  closed({ ...header, task: { module: "https://a.test/m.ts", name: "f", source: "(x) => x" } });
  assert.throws(
    () =>
      open({ ...header, task: { module: "https://b.test/m.ts", name: "f", source: "(x) => x" } }),
    /--allow-module/,
  );
});

Deno.test("admission() checks the initializer by the same rules as the task", () => {
  const task = { module: "https://a.test/m.ts", name: "f" };
  const closed = admission(["https://a.test/"], false);
  assert.throws(
    () => closed({ ...header, task, initializer: { module: "https://b.test/i.ts", name: "init" } }),
    /The initializer init of pool p refused: its module https:\/\/b\.test\/i\.ts .*--allow-module/,
  );
  assert.throws(
    () => closed({ ...header, task, initializer: { source: "() => {}", name: "init" } }),
    /The initializer init of pool p refused: .*--allow-source/,
  );
  admission(["https://a.test/"], true)({
    ...header,
    task,
    initializer: { source: "() => {}", name: "init" },
  });
});

Deno.test("localTask() marks what a worker without --allow-source hands its local Pool", () => {
  const sent = { module: "https://a.test/m.ts", name: "f", source: "(x) => x" };
  assert.deepEqual(taskRef(localTask(sent, true), true), { name: "f", source: "(x) => x" });
  const marked = taskRef(localTask(sent, false), true);
  assert.equal(marked.noSource, SOURCE_REFUSED);
  assert.deepEqual(taskRef(localTask({ module: sent.module, name: "f" }, false), true), {
    name: "f",
    source: "",
  });
  const twins = taskRef(localTask({ source: "(x) => x", twins: true }, true), false);
  assert.deepEqual(twins, { name: "<anonymous>", source: "(x) => x", twins: true });
  assert.ok(Object.isFrozen(twins));
  // The stand-in never runs here.
  assert.throws(() => localTask(sent, true)(1), /runs in a worker of a local Pool, not here/);
});

Deno.test("a refused entry's blobs are never fetched nor its values revived", async () => {
  const task = { module: "https://b.test/y.ts", name: "y" };
  const stored = new Map<string, Uint8Array>();
  const putBlob = (bytes: Uint8Array): Promise<string> => {
    stored.set(`blob-${stored.size}`, bytes);
    return Promise.resolve(`blob-${stored.size - 1}`);
  };
  const items = ["x".repeat(4096)];
  const entry = { call: 1, chunk: 0, kind: "map" as const, items };
  const refused = await encodeTask({ ...entry, task }, "p", { blobThreshold: 64, putBlob });
  const allowed = await encodeTask(
    { ...entry, task: { ...task, module: "https://a.test/y.ts" } },
    "p",
    {
      blobThreshold: 64,
      putBlob,
    },
  );
  assert.equal(stored.size, 2); // one blob per entry: no cache shared between the two
  let fetched = 0;
  const getBlob = (key: string) => {
    fetched++;
    return Promise.resolve(stored.get(key) ?? null);
  };
  const admit = admission(["https://a.test/"], false);
  await assert.rejects(decodeTask(refused, { admit, getBlob }), /--allow-module/);
  assert.equal(fetched, 0);
  const decoded = await decodeTask(allowed, { admit, getBlob });
  assert.equal(fetched, 1);
  assert.deepEqual(decoded.kind === "map" && decoded.items, items);
});

Deno.test("clusterWorkerSettings() needs a prefix and refuses unknown options and bad counts", () => {
  const base = { redis: "redis://127.0.0.1:6379", allowModule: ["https://a.test/"] };
  assert.throws(() => clusterWorkerSettings({ ...base, allowModule: [] }), /--allow-module/);
  assert.throws(
    () => clusterWorkerSettings({ ...base, threads: 2 } as typeof base),
    /Unknown ClusterWorker option "threads"/,
  );
  assert.throws(() => clusterWorkerSettings({ ...base, processes: 0 }), RangeError);
  assert.throws(() => clusterWorkerSettings({ ...base, heapLimitMb: 1 }), RangeError);
  const settings = clusterWorkerSettings({ ...base, processes: 3, prefetch: 2 });
  assert.deepEqual([settings.processes, settings.prefetch, settings.visibility], [3, 2, 5000]);
});
