// Ports of CPython's Lib/test/_test_multiprocessing.py tests of Pool's initializer (issue 15).
// Python's Manager Namespace (`ns.test += 1` in the initializer) becomes a SharedValue passed in
// initargs; test_manager_initializer does not apply (this library has no Manager).
import assert from "node:assert/strict";
import { Pool, SharedValue } from "../../mod.ts";
import { increment } from "../fixtures/initargs_tasks.ts";

const TASKS = new URL("../fixtures/initargs_tasks.ts", import.meta.url).href;

// CPython: TestInitializers.test_pool_initializer
Deno.test("TestInitializers.test_pool_initializer: a non-function initializer is a TypeError; close() + join() runs the initializer once", async () => {
  assert.throws(
    () => new Pool({ initializer: 1 as unknown as () => void }),
    TypeError,
  );
  const ns = new SharedValue("i", 0);
  const p = new Pool({ processes: 1, module: TASKS, initializer: increment, initargs: [ns] });
  p.close();
  await p.join();
  assert.equal(ns.value, 1);
});
