// A local Pool given tasks that arrived from elsewhere (a cluster worker's entries) through
// remoteTask(): resolved in the Pool's workers as any task, nothing evaluated on this thread,
// and never compiled from source when the ref says noSource (lib/worker/task_ref.ts,
// task_catalog.ts).
import assert from "node:assert/strict";
import * as mod from "../../mod.ts";
import { Pool } from "../../mod.ts";
import { remoteTask, taskRef } from "../../lib/worker/task_ref.ts";
import { plusBase, setBase } from "../fixtures/cluster/init_tasks.ts";

const INIT = new URL("../fixtures/cluster/init_tasks.ts", import.meta.url).href;
const REFUSED = "no compiling here";
const source = (fn: (...args: never[]) => unknown): string => Function.prototype.toString.call(fn);

for (const isolation of ["thread", "process"] as const) {
  Deno.test(`a remote task marked noSource runs as the export it is, and nothing compiles (${isolation})`, async () => {
    await using pool = new Pool({
      processes: 1,
      module: INIT,
      isolation,
      initializer: remoteTask({ name: "setBase", source: source(setBase), noSource: REFUSED }),
      initargs: [5],
    });
    const exported = remoteTask({ name: "plusBase", source: source(plusBase), noSource: REFUSED });
    assert.equal(await pool.apply(exported, [1]), 6);
    const impostor = { name: "plusBase", source: "(x) => x * 1000" };
    const refusal = (error: Error): boolean => {
      assert.equal(error.name, "TypeError");
      assert.match(
        error.message,
        /task "plusBase" is not the pool's module export .*no compiling here$/,
      );
      return true;
    };
    await assert.rejects(pool.apply(remoteTask({ ...impostor, noSource: REFUSED }), [1]), refusal);
    // Without the mark it is compiled: the function sent, not the export of its name.
    assert.equal(await pool.apply(remoteTask(impostor), [1]), 1000);
    // Compiled and cached now, it is still refused to a ref that may not compile.
    await assert.rejects(pool.apply(remoteTask({ ...impostor, noSource: REFUSED }), [1]), refusal);
    // By export name (empty source) it needs no source at all.
    assert.equal(
      await pool.apply(remoteTask({ name: "plusBase", source: "", noSource: REFUSED }), [2]),
      7,
    );
  });
}

Deno.test("an initializer that would have to be compiled, marked noSource, fails the calls saying why", async () => {
  await using pool = new Pool({
    processes: 1,
    module: INIT,
    initializer: remoteTask({ name: "setBase", source: "(v) => {}", noSource: REFUSED }),
    initargs: [5],
  });
  await assert.rejects(pool.apply(plusBase, [1]), /could not start.*no compiling here/s);
});

Deno.test("remoteTask() checks and freezes its ref, never runs here, and is not public", () => {
  const task = remoteTask({ name: "f", source: "(x) => x", twins: true });
  const ref = taskRef(task, false);
  assert.deepEqual(ref, { name: "f", source: "(x) => x", twins: true });
  assert.ok(Object.isFrozen(ref) && Object.isFrozen(task));
  assert.equal(taskRef(task, false), ref, "the same ref each time");
  assert.throws(() => task(), /arrived from another machine/);
  for (
    const bad of [{ name: "", source: "x" }, { name: "f" }, { name: "f", source: "x", twins: 1 }]
  ) {
    assert.throws(() => remoteTask(bad as never), TypeError);
  }
  assert.throws(() => remoteTask({ name: "f", source: "x", noSource: 3 } as never), TypeError);
  assert.ok(!("remoteTask" in mod), "remoteTask is internal");
});
