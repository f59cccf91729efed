import assert from "node:assert/strict";
import { CPYTHON_CLASSES, type CpythonClass } from "../../tools/parity/catalog.ts";
import { parseResults, summarize } from "../../tools/parity/summary.ts";

const CLASSES: CpythonClass[] = [
  {
    name: "_TestLock",
    tests: ["test_lock", "test_rlock", "test_repr_lock", "test_lock_context", "test_context"],
    skip: { test_repr_lock: "repr" },
  },
  { name: "_TestHeap", tests: ["test_heap"], notApplicable: "internals" },
];

Deno.test("parity report counts a CPython test as passing only if all its ports passed", () => {
  const output = [
    "\x1b[0m_TestLock.test_lock: acquire works ... \x1b[32mok\x1b[0m (12ms)",
    "_TestLock.test_rlock[thread]: re-entry ... ok (1ms)",
    "_TestLock.test_rlock[process]: re-entry ... FAILED (3ms)",
    "  _TestLock.test_lock_context, test_repr_lock: a step covering two ... ok (1ms)",
    "not a result line ... ok",
  ].join("\n");
  const results = parseResults(output);
  assert.deepEqual([...results], [
    ["_TestLock.test_lock", true],
    ["_TestLock.test_rlock", false],
    ["_TestLock.test_lock_context", true],
    ["_TestLock.test_repr_lock", true],
  ]);
  const [lock, heap] = summarize(CLASSES, results);
  // A port of a test the catalog calls not applicable counts as applying after all.
  assert.deepEqual([lock!.tests, lock!.apply, lock!.ported, lock!.pass], [5, 5, 4, 3]);
  assert.equal(lock!.statuses.get("test_context")?.status, "not ported");
  assert.equal(lock!.statuses.get("test_repr_lock")?.status, "pass");
  assert.deepEqual([heap!.apply, heap!.ported], [0, 0]);
});

Deno.test("parity report refuses a port that names a test CPython does not have", () => {
  assert.throws(
    () => summarize(CLASSES, new Map([["_TestLock.test_made_up", true]])),
    /_TestLock\.test_made_up/,
  );
});

Deno.test("parity catalog lists each CPython class once, with no test twice", () => {
  const names = CPYTHON_CLASSES.map((c) => c.name);
  assert.equal(new Set(names).size, names.length);
  for (const c of CPYTHON_CLASSES) {
    assert.equal(new Set(c.tests).size, c.tests.length, c.name);
    for (const skipped of Object.keys(c.skip ?? {})) assert.ok(c.tests.includes(skipped), skipped);
  }
});
