// CPython's Lib/test/_test_multiprocessing.py, the Pool tests that apply to a Pool of worker
// threads: _TestPool, _TestPoolWorkerErrors and _TestPoolWorkerLifetime, translated to our API
// (`with` → `await using`, seconds → ms, ValueError → RangeError, Python's positional chunksize
// as ours). Each test names its CPython class and test; differences are said where they are.
import assert from "node:assert/strict";
import { Pool, PoolClosedError } from "../../mod.ts";

// _TestPool's shared pool has 4 workers; each test here has its own (a Deno.test must not leave
// workers running), with 2, the cores of the machines this suite runs on.
const CLASS_POOL_SIZE = 2;

const sqr = (x: number): number => x * x;
const mul = (x: number, y: number): number => x * y;
/** CPython's sqr(x, wait): waits `wait` ms (not seconds) without blocking the worker's loop. */
const sqrAfter = (x: number, wait: number): Promise<number> =>
  new Promise((resolve) => setTimeout(() => resolve(x * x), wait));
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const squares = (n: number): number[] => range(n).map(sqr);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** CPython's SayWhenError(ValueError): a RangeError here. */
class SayWhenError extends RangeError {
  override name = "SayWhenError";
}

/** CPython's exception_throwing_generator(total, when). */
function* exceptionThrowingGenerator(total: number, when: number): Generator<number> {
  if (when === -1) throw new SayWhenError("Somebody said when");
  for (let i = 0; i < total; i++) {
    if (i === when) throw new SayWhenError("Somebody said when");
    yield i;
  }
}

async function collect<T>(results: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of results) values.push(value);
  return values;
}

// _TestPool.test_apply
Deno.test("_TestPool.test_apply: apply runs fn with the arguments; Python's kwds are refused by name", async () => {
  await using pool = new Pool(CLASS_POOL_SIZE);
  assert.equal(await pool.apply(sqr, [5]), sqr(5));
  // A difference: Python's apply(sqr, (), {"x": 3}) passes x by keyword and gives 9; a JavaScript
  // function has no keyword parameters, so the object would be read as options and sqr() would
  // get undefined. It is refused instead, naming the option and what to write.
  await assert.rejects(pool.apply(sqr, [] as never, { x: 3 } as never), {
    name: "TypeError",
    message: /has no option "x".*kwds/,
  });
  assert.equal(await pool.apply(sqr, [3]), sqr(3));
});

// _TestPool.test_map
Deno.test("_TestPool.test_map: map gives fn's results in input order, with and without a chunksize", async () => {
  await using pool = new Pool(CLASS_POOL_SIZE);
  assert.deepEqual(await pool.map(sqr, range(10)), squares(10));
  assert.deepEqual(await pool.map(sqr, range(100), { chunksize: 20 }), squares(100));
});

// _TestPool.test_starmap
Deno.test("_TestPool.test_starmap: starmap spreads each tuple over fn's arguments", async () => {
  await using pool = new Pool(CLASS_POOL_SIZE);
  const tuples = (n: number) => range(n).map((i): [number, number] => [i, n - 1 - i]);
  const expected = (n: number) => tuples(n).map(([x, y]) => x * y);
  assert.deepEqual(await pool.starmap(mul, tuples(10)), expected(10));
  assert.deepEqual(await pool.starmap(mul, tuples(100), { chunksize: 20 }), expected(100));
});

// _TestPool.test_starmap_async and _TestPool.test_map_async
Deno.test("_TestPool.test_starmap_async, test_map_async: the async forms give the same lists", async () => {
  await using pool = new Pool(CLASS_POOL_SIZE);
  const tuples = range(100).map((i): [number, number] => [i, 99 - i]);
  assert.deepEqual(await pool.starmapAsync(mul, tuples).get(), tuples.map(([x, y]) => x * y));
  assert.deepEqual(await pool.mapAsync(sqr, range(10)).get(), squares(10));
});

// _TestPool.test_map_async_callbacks
Deno.test("_TestPool.test_map_async_callbacks: callback gets the list, error_callback the error", async () => {
  await using pool = new Pool(CLASS_POOL_SIZE);
  // Python's int(): a RangeError (ValueError) for text that is not an integer.
  const int = (text: string): number => {
    if (!/^\s*[-+]?\d+\s*$/.test(text)) {
      throw new RangeError(`invalid literal for int() with base 10: '${text}'`);
    }
    return Number(text);
  };
  const callArgs: unknown[] = [];
  const append = (value: unknown) => void callArgs.push(value);
  await pool.mapAsync(int, ["1"], { callback: append, errorCallback: append }).wait();
  assert.equal(callArgs.length, 1);
  assert.deepEqual(callArgs[0], [1]);
  await pool.mapAsync(int, ["a"], { callback: append, errorCallback: append }).wait();
  assert.equal(callArgs.length, 2);
  assert.ok(callArgs[1] instanceof RangeError, String(callArgs[1]));
});

// _TestPool.test_map_unplicklable (Python skips it for threads; our threads clone arguments too)
Deno.test("_TestPool.test_map_unplicklable: an argument that cannot be sent fails map, no hang", async () => {
  await using pool = new Pool(CLASS_POOL_SIZE);
  // Python's __reduce__ raising RuntimeError; here a field whose getter throws when cloned.
  const unsendable = {
    get field(): never {
      throw new Error("cannot pickle");
    },
  };
  // Python raises the RuntimeError itself; ours is a TypeError whose message carries it.
  await assert.rejects(pool.map(sqr, Array(10).fill(unsendable)), /cannot pickle/);
  assert.equal(await pool.apply(sqr, [3]), 9);
});

// _TestPool.test_map_chunksize
Deno.test("_TestPool.test_map_chunksize: map_async of an empty list with a chunksize does not stall", async () => {
  await using pool = new Pool(CLASS_POOL_SIZE);
  // TIMEOUT1 is 0.82 s in CPython's suite.
  assert.deepEqual(await pool.mapAsync(sqr, [], { chunksize: 1 }).get(820), []);
});

// _TestPool.test_map_handle_iterable_exception
Deno.test("_TestPool.test_map_handle_iterable_exception: map raises the iterable's own error", async () => {
  await using pool = new Pool(CLASS_POOL_SIZE);
  await assert.rejects(pool.map(sqr, exceptionThrowingGenerator(1, -1), 1), SayWhenError);
  // Again, to make sure it is reentrant.
  await assert.rejects(pool.map(sqr, exceptionThrowingGenerator(1, -1), 1), SayWhenError);
  await assert.rejects(pool.map(sqr, exceptionThrowingGenerator(10, 3), 1), SayWhenError);
  // CPython's SpecialIterable: has a length of 1, and its __next__ raises.
  const special = {
    length: 1,
    [Symbol.iterator]() {
      return this;
    },
    next(): IteratorResult<number> {
      throw new SayWhenError();
    },
  };
  await assert.rejects(pool.map(sqr, special, 1), SayWhenError);
  await assert.rejects(pool.map(sqr, special, 1), SayWhenError);
});

// _TestPool.test_imap
Deno.test("_TestPool.test_imap: imap yields results in order, then is done", async () => {
  await using pool = new Pool(CLASS_POOL_SIZE);
  assert.deepEqual(await collect(pool.imap(sqr, range(10))), squares(10));
  let it = pool.imap(sqr, range(10));
  for (let i = 0; i < 10; i++) assert.deepEqual(await it.next(), { value: i * i, done: false });
  assert.equal((await it.next()).done, true); // Python's StopIteration
  it = pool.imap(sqr, range(1000), { chunksize: 100 });
  for (let i = 0; i < 1000; i++) assert.equal((await it.next()).value, i * i);
  assert.equal((await it.next()).done, true);
});

// _TestPool.test_imap_handle_iterable_exception
Deno.test("_TestPool.test_imap_handle_iterable_exception: imap yields earlier results, then the error", async () => {
  await using pool = new Pool(CLASS_POOL_SIZE);
  let it = pool.imap(sqr, exceptionThrowingGenerator(1, -1), 1);
  await assert.rejects(it.next(), SayWhenError);
  // Again, to make sure it is reentrant.
  it = pool.imap(sqr, exceptionThrowingGenerator(1, -1), 1);
  await assert.rejects(it.next(), SayWhenError);
  it = pool.imap(sqr, exceptionThrowingGenerator(10, 3), 1);
  for (let i = 0; i < 3; i++) assert.equal((await it.next()).value, i * i);
  await assert.rejects(it.next(), SayWhenError);
  // A difference, on purpose: CPython drops the partial chunk the error ends (its islice loses
  // the items read before the raise), so with chunksize 2 it yields 0..5 and with chunksize 4
  // only 0..3 before SayWhenError. Ours yields every item before the error, 0..6, for any
  // chunksize; CPython's assertions on the first 6 (and 4) results hold as they are.
  for (const chunksize of [2, 4]) {
    it = pool.imap(sqr, exceptionThrowingGenerator(20, 7), chunksize);
    for (let i = 0; i < 7; i++) assert.equal((await it.next()).value, i * i);
    await assert.rejects(it.next(), SayWhenError);
  }
});

// _TestPool.test_imap_unordered
Deno.test("_TestPool.test_imap_unordered: imap_unordered yields every result once", async () => {
  await using pool = new Pool(CLASS_POOL_SIZE);
  const sorted = (values: number[]) => values.toSorted((a, b) => a - b);
  assert.deepEqual(sorted(await collect(pool.imapUnordered(sqr, range(10)))), squares(10));
  const big = await collect(pool.imapUnordered(sqr, range(1000), { chunksize: 100 }));
  assert.deepEqual(sorted(big), squares(1000));
});

// _TestPool.test_imap_unordered_handle_iterable_exception
Deno.test("_TestPool.test_imap_unordered_handle_iterable_exception: results, then the iterable's error", async () => {
  await using pool = new Pool(CLASS_POOL_SIZE);
  let it = pool.imapUnordered(sqr, exceptionThrowingGenerator(1, -1), 1);
  await assert.rejects(it.next(), SayWhenError);
  it = pool.imapUnordered(sqr, exceptionThrowingGenerator(1, -1), 1);
  await assert.rejects(it.next(), SayWhenError);
  for (const [total, when, chunksize] of [[10, 3, 1], [20, 7, 2]] as const) {
    const expected = squares(total);
    const drain = async () => {
      for await (
        const value of pool.imapUnordered(sqr, exceptionThrowingGenerator(total, when), chunksize)
      ) {
        assert.ok(expected.includes(value), `${value} unexpected`);
        expected.splice(expected.indexOf(value), 1);
      }
    };
    await assert.rejects(drain(), SayWhenError);
  }
});

// _TestPool.test_make_pool
Deno.test("_TestPool.test_make_pool: Pool(-1) and Pool(0) are refused, Pool(3) has 3 workers", async () => {
  assert.throws(() => new Pool(-1), RangeError);
  assert.throws(() => new Pool(0), RangeError);
  const pool = new Pool(3);
  try {
    assert.equal(pool.processes, 3);
  } finally {
    pool.close();
    await pool.join();
  }
});

// _TestPool.test_terminate
Deno.test("_TestPool.test_terminate: terminate() stops a pool with 10,000 long tasks queued", async () => {
  const pool = new Pool(3);
  // support.LONG_TIMEOUT is 5 minutes; the tasks wait on a timer, which terminate() ends.
  const longSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const result = pool.mapAsync(longSleep, Array(10_000).fill(300_000), 1);
  await sleep(200); // give some tasks a chance to start
  await pool.terminate();
  await pool.join();
  await assert.rejects(result.get(), PoolClosedError);
});

// _TestPool.test_empty_iterable
Deno.test("_TestPool.test_empty_iterable: every map form of an empty iterable gives an empty list", async () => {
  const pool = new Pool(1);
  assert.deepEqual(await pool.map(sqr, []), []);
  assert.deepEqual(await collect(pool.imap(sqr, [])), []);
  assert.deepEqual(await collect(pool.imapUnordered(sqr, [])), []);
  assert.deepEqual(await pool.mapAsync(sqr, []).get(), []);
  pool.close();
  await pool.join();
});

// _TestPool.test_context
Deno.test("_TestPool.test_context: a pool used in a with block refuses map_async after it", async () => {
  const list = range(10);
  let leftover: Pool;
  {
    await using pool = new Pool(2);
    leftover = pool;
    assert.deepEqual(await pool.mapAsync(sqr, list).get(), squares(10));
  }
  // A difference: Python's `with` exit calls terminate(), ours (`await using`) calls close() and
  // waits for the workers, as join() does; here no task is left, so both end the same way.
  await leftover.join();
  // Python raises ValueError ("Pool not running") at the call; our mapAsync returns a result
  // that has already failed with PoolClosedError.
  await assert.rejects(leftover.mapAsync(sqr, list).get(), PoolClosedError);
});

/** CPython's _test_traceback; a named function, so that the worker's stack names it. */
function raiseRuntimeError(): never {
  class RuntimeError extends Error {
    override name = "RuntimeError";
  }
  throw new RuntimeError("123"); // some comment
}

// _TestPool.test_traceback
Deno.test("_TestPool.test_traceback: a task's error keeps its class, message and the worker's stack", async () => {
  let error: unknown = null;
  {
    await using pool = new Pool(1);
    error = await pool.apply(raiseRuntimeError).then(() => null, (caught) => caught);
  }
  assert.ok(error instanceof Error, "expected RuntimeError");
  assert.equal(error.name, "RuntimeError");
  assert.equal(error.message, "123");
  // Python attaches the child's traceback text as __cause__ (a RemoteTraceback); ours keeps the
  // worker-side stack as the error's own stack, naming the function that threw.
  assert.match(error.stack ?? "", /at raiseRuntimeError/);
  // An error of the input iterable is not a remote error: it is the iterable's own, no cause.
  await using pool = new Pool(1);
  const local = await pool.map(sqr, exceptionThrowingGenerator(1, -1), 1).then(
    () => null,
    (caught) => caught,
  );
  assert.ok(local instanceof SayWhenError);
  assert.equal(local.cause, undefined);
});

// _TestPool.test_wrapped_exception
Deno.test("_TestPool.test_wrapped_exception: a task's error arrives unwrapped", async () => {
  await using pool = new Pool(1);
  await assert.rejects(
    pool.apply(() => {
      throw new RangeError("foo");
    }),
    RangeError,
  );
});

// _TestPool.test_map_no_failfast
Deno.test("_TestPool.test_map_no_failfast: join() after a failed map waits for the other tasks", async () => {
  const start = performance.now();
  const raiseLargeError = async (wait: number): Promise<never> => {
    await new Promise((resolve) => setTimeout(resolve, wait));
    throw new RangeError("x".repeat(1024 ** 2));
  };
  const pool = new Pool(2);
  await assert.rejects(pool.map(raiseLargeError, [0, 1_000]), RangeError);
  await sleep(500);
  pool.close();
  await pool.join();
  // The task that waits 1 s ran to its end before join() returned.
  assert.ok(performance.now() - start > 900, `${performance.now() - start} ms`);
});

// _TestPoolWorkerErrors.test_async_error_callback
Deno.test("_TestPoolWorkerErrors.test_async_error_callback: apply_async's error_callback gets the task's error", async () => {
  await using pool = new Pool(2);
  const scratchpad: unknown[] = [null];
  const raising = () => {
    class KeyError extends Error {
      override name = "KeyError";
    }
    throw new KeyError("key");
  };
  const result = pool.applyAsync(raising, [], { errorCallback: (e) => scratchpad[0] = e });
  await assert.rejects(result.get(), { name: "KeyError", message: "key" });
  assert.ok(scratchpad[0] instanceof Error && scratchpad[0].name === "KeyError");
});

// _TestPoolWorkerErrors.test_unpickleable_result
Deno.test("_TestPoolWorkerErrors.test_unpickleable_result: a result that cannot be sent back fails, workers survive", async () => {
  await using pool = new Pool(2);
  for (let iteration = 0; iteration < 20; iteration++) {
    const scratchpad: unknown[] = [null];
    const result = pool.applyAsync(() => () => 42, [], {
      errorCallback: (error) => scratchpad[0] = error,
    });
    // Python's MaybeEncodingError; ours is a TypeError that names the value and the rule.
    await assert.rejects(result.get(), { name: "TypeError", message: /cannot be sent back/ });
    assert.ok(scratchpad[0] instanceof TypeError);
  }
  assert.equal(await pool.apply(sqr, [4]), 16);
});

// _TestPoolWorkerLifetime.test_pool_worker_lifetime_early_close
Deno.test("_TestPoolWorkerLifetime.test_pool_worker_lifetime_early_close: close() with maxtasksperchild=1 still finishes", async () => {
  const pool = new Pool(3, { maxTasksPerChild: 1 });
  const results = range(6).map((i) => pool.applyAsync(sqrAfter, [i, 300]));
  pool.close();
  await pool.join();
  for (const [j, result] of results.entries()) assert.equal(await result.get(), j * j);
});

// _TestPoolWorkerLifetime.test_pool_maxtasksperchild_invalid
Deno.test("_TestPoolWorkerLifetime.test_pool_maxtasksperchild_invalid: 0, -1, 0.5 and '12' are refused", () => {
  for (const value of [0, -1, 0.5, "12"]) {
    assert.throws(() => new Pool(3, { maxTasksPerChild: value as number }), RangeError);
    assert.throws(() => new Pool(3, undefined, undefined, value as number), RangeError);
  }
});
