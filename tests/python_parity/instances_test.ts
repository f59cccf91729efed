// CPython's Lib/test/_test_multiprocessing.py tests about values that cannot be pickled, ported:
// in multiproc a class instance travels like a pickled one only when its class is exported from
// the pool's module or registered, so an instance of any other class (and a function) is what
// cannot travel. Python's MaybeEncodingError (a result) and the pickling error (an argument) are
// a TypeError here. Python runs these on process pools only; both isolations are run here.
import assert from "node:assert/strict";
import { Pool } from "../../lib/pool/mod.ts";
import {
  makeUnexported,
  sqr,
  unexportedInstance,
  unpickleableResult,
} from "../fixtures/class_tasks.ts";

const TASKS = new URL("../fixtures/class_tasks.ts", import.meta.url).href;

for (const isolation of ["thread", "process"] as const) {
  // _TestPoolWorkerErrors.test_unpickleable_result
  Deno.test(`_TestPoolWorkerErrors.test_unpickleable_result[${isolation}]: a result that cannot travel rejects and reaches errorCallback, 20 times, on ${isolation} workers`, async () => {
    await using pool = new Pool({ processes: 2, module: TASKS, isolation });
    // Make sure no worker is lost to encoding errors.
    for (let iteration = 0; iteration < 20; iteration++) {
      for (const task of [unpickleableResult, makeUnexported]) {
        let caught: unknown = null;
        const result = pool.applyAsync(task, [], { errorCallback: (error) => caught = error });
        await assert.rejects(result.get(), TypeError);
        assert.ok(caught instanceof TypeError, `iteration ${iteration}: errorCallback got it`);
        assert.ok(caught.message.length > 0);
      }
    }
    assert.equal(await pool.apply(sqr, [7]), 49, "the pool still works");
  });

  // _TestPool.test_map_unplicklable
  Deno.test(`_TestPool.test_map_unplicklable[${isolation}]: map over values that cannot travel rejects without a hang on ${isolation} workers`, async () => {
    await using pool = new Pool({ processes: 2, module: TASKS, isolation });
    const unpicklable = unexportedInstance(1);
    await assert.rejects(
      pool.map(sqr, new Array(10).fill(unpicklable)),
      { name: "TypeError", message: /class Unexported/ },
    );
    assert.deepEqual(await pool.map(sqr, [1, 2, 3]), [1, 4, 9]);
  });
}
