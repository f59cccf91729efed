// Python's positional arguments: Pool(processes, initializer, initargs, maxtasksperchild),
// map/imap/starmap(func, iterable, chunksize), map_async(func, iterable, chunksize, callback,
// error_callback). Each works as in Python; anything else is refused naming the argument, what
// was expected and what was received (issue 15, point 9).
import assert from "node:assert/strict";
import { Pool } from "../../mod.ts";
import { reportRow } from "../_report.ts";

/** The item and the name of the worker that ran it, after a pause that lets both workers work. */
const tagWithWorker = (x: number): Promise<[number, string]> =>
  new Promise((resolve) =>
    setTimeout(() => resolve([x, (globalThis as { name?: string }).name ?? "?"]), 20)
  );
const tagPair = (x: number, _unused: string): Promise<[number, string]> =>
  new Promise((resolve) =>
    setTimeout(() => resolve([x, (globalThis as { name?: string }).name ?? "?"]), 20)
  );

const ITEMS = [0, 1, 2, 3, 4, 5, 6, 7];

/** Asserts that the items of each chunk of `chunksize` ran on one worker, as one message does. */
function assertChunked(tagged: Array<[number, string]>, chunksize: number, what: string): void {
  const byItem = new Map(tagged);
  assert.deepEqual([...byItem.keys()].toSorted((a, b) => a - b), ITEMS, what);
  for (let start = 0; start < ITEMS.length; start += chunksize) {
    const names = new Set(ITEMS.slice(start, start + chunksize).map((x) => byItem.get(x)));
    assert.equal(names.size, 1, `${what}: items ${start}.. ran on ${[...names].join(", ")}`);
  }
}

async function collect<T>(results: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of results) values.push(value);
  return values;
}

Deno.test("new Pool(n) starts n workers, as Python's Pool(processes)", async () => {
  await using three = new Pool(3);
  assert.equal(three.processes, 3);
  await using named = new Pool(2, { name: "Positional" });
  assert.equal(named.processes, 2);
  assert.equal(named.name, "Positional");
  const names = await named.map(tagWithWorker, ITEMS, 1);
  assert.ok(names.every(([, name]) => name.startsWith("Positional")), String(names));
});

Deno.test("new Pool(n, initializer, initargs, maxTasksPerChild) is Python's positional form", async () => {
  const remember = (label: string) => Object.assign(globalThis, { label });
  const readLabel = () => [(globalThis as { label?: string }).label, globalThis.name];
  await using pool = new Pool(1, remember, ["from initargs"], 1);
  const [label, firstWorker] = await pool.apply(readLabel);
  const [, secondWorker] = await pool.apply(readLabel);
  assert.equal(label, "from initargs");
  assert.notEqual(firstWorker, secondWorker, "maxTasksPerChild 1 replaces the worker");
});

Deno.test("map, starmap, imap and imapUnordered take Python's positional chunksize", async () => {
  await using pool = new Pool({ processes: 2 });
  assertChunked(await pool.map(tagWithWorker, ITEMS, 4), 4, "map");
  const pairs = ITEMS.map((x): [number, string] => [x, "unused"]);
  assertChunked(await pool.starmap(tagPair, pairs, 4), 4, "starmap");
  assertChunked(await collect(pool.imap(tagWithWorker, ITEMS, 4)), 4, "imap");
  assertChunked(await collect(pool.imapUnordered(tagWithWorker, ITEMS, 4)), 4, "imapUnordered");
  const timed = await pool.map(tagWithWorker, ITEMS, 8, { timeout: 60_000 });
  assertChunked(timed, 8, "map with options after the chunksize");
  assertChunked(await pool.mapAsync(tagWithWorker, ITEMS, 4).get(), 4, "mapAsync");
  assertChunked(await pool.starmapAsync(tagPair, pairs, 4).get(), 4, "starmapAsync");
});

Deno.test("mapAsync and starmapAsync take Python's positional callback and error_callback", async () => {
  await using pool = new Pool({ processes: 2 });
  const log: string[] = [];
  const double = (x: number) => 2 * x;
  const failOnTwo = (x: number) => {
    if (x === 2) throw new RangeError("two");
    return x;
  };
  const onResult = (result: number[]) => log.push(`result ${result.join(" ")}`);
  const onError = (error: unknown) => log.push(`error ${(error as Error).message}`);
  await pool.mapAsync(double, [1, 2, 3], 2, onResult, onError).wait();
  await pool.mapAsync(failOnTwo, [1, 2, 3], 1, onResult, onError).wait();
  await pool.starmapAsync((a: number, b: number) => a + b, [[1, 2], [3, 4]], undefined, onResult)
    .wait();
  await pool.mapAsync(failOnTwo, [2], undefined, undefined, onError).wait();
  assert.deepEqual(log, ["result 2 4 6", "error two", "result 3 7", "error two"]);
});

Deno.test("arguments that are neither options nor Python's positional values are refused by name", async () => {
  const init = () => {};
  const AnyPool = Pool as unknown as new (...args: unknown[]) => Pool;
  const constructors: Array<[() => unknown, RegExp, string]> = [
    [() => new Pool("4" as never), /processes as argument 1.*received the string "4"/, "TypeError"],
    [() => new Pool(null as never), /argument 1.*null: for Python's None/, "TypeError"],
    [
      () => new Pool(0),
      /argument 1 \(processes\) must be a positive integer, received number 0/,
      "RangeError",
    ],
    [() => new Pool(2.5), /argument 1 \(processes\).*2\.5/, "RangeError"],
    [() => new Pool(2, "x" as never), /argument 2, received the string "x"/, "TypeError"],
    [
      () => new AnyPool(2, { processes: 3 }),
      /processes twice, 2 as argument 1 and number 3/,
      "TypeError",
    ],
    [() => new AnyPool({ processes: 2 }, 3), /number 3 as argument 2/, "TypeError"],
    [() => new Pool(1, init, 5 as never), /argument 3 \(initargs\) expects .*array/, "TypeError"],
    [
      () => new Pool(1, init, [], 0),
      /argument 4 \(maxTasksPerChild\).*received number 0/,
      "RangeError",
    ],
    [() => new AnyPool(1, init, [], 1, "ctx"), /argument 5.*context/, "TypeError"],
  ];
  const refused: string[] = [];
  for (const [make, message, name] of constructors) {
    let error: unknown = null;
    try {
      await (make() as Pool | null)?.terminate?.();
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof Error, `${make}: no error`);
    assert.equal(error.name, name, `${make}: ${error}`);
    assert.match(error.message, message);
    refused.push(error.name);
  }
  await using pool = new Pool({ processes: 1 });
  const double = (x: number) => 2 * x;
  const calls: Array<[() => Promise<unknown>, RegExp, string]> = [
    [
      () => pool.map(double, [1], "4" as never),
      /Pool\.map\(\) expects .*chunksize .*argument 3, received the string "4"/,
      "TypeError",
    ],
    [
      () => pool.map(double, [1], null as never),
      /Pool\.map\(\) expects an options .*null: for Python's None/,
      "TypeError",
    ],
    [
      () => pool.map(double, [1], 0),
      /Pool\.map\(\) chunksize \(argument 3\) must be 1\+.*number 0/,
      "RangeError",
    ],
    [() => pool.map(double, [1], -1), /must be 1\+/, "RangeError"],
    [() => pool.map(double, [1], 1.5), /must be 1\+.*1\.5/, "RangeError"],
    [() => pool.map(double, [1], NaN), /must be 1\+.*NaN/, "RangeError"],
    [
      () => pool.map(double, [1], 4, { chunksize: 2 } as never),
      /chunksize twice, 4 as argument 3 and number 2/,
      "TypeError",
    ],
    [
      () => pool.map(double, [1], 4, "x" as never),
      /argument 4, received the string "x"/,
      "TypeError",
    ],
    [() => pool.map(double, [1], {} as never, 4 as never), /number 4 as argument 4/, "TypeError"],
    [
      () => pool.starmap(Math.max, [[1, 2]], 0),
      /Pool\.starmap\(\) chunksize .*must be 1\+/,
      "RangeError",
    ],
    [
      () => pool.imap(double, [1], 0).next(),
      /Pool\.imap\(\) chunksize .*must be 1\+/,
      "RangeError",
    ],
    [
      () => pool.imapUnordered(double, [1], "2" as never).next(),
      /Pool\.imapUnordered\(\) expects .*"2"/,
      "TypeError",
    ],
    [
      () => pool.mapAsync(double, [1], 2, "cb" as never).get(),
      /expects callback .*argument 4/,
      "TypeError",
    ],
    [
      () => pool.mapAsync(double, [1], 2, undefined, 5 as never).get(),
      /errorCallback .*argument 5.*number 5/,
      "TypeError",
    ],
    [
      () => Reflect.apply(pool.mapAsync, pool, [double, [1], 2, init, init, init]).get(),
      /as argument 6/,
      "TypeError",
    ],
    [
      () => pool.starmapAsync(Math.max, [[1, 2]], 0).get(),
      /Pool\.starmapAsync\(\) chunksize/,
      "RangeError",
    ],
    [
      () => pool.apply(double, [1], {}, init as never),
      /Pool\.apply\(\) .*argument 4.*kwds/,
      "TypeError",
    ],
    [
      () => pool.applyAsync(double, [1], {}, init as never).get(),
      /Pool\.applyAsync\(\) .*argument 4/,
      "TypeError",
    ],
  ];
  for (const [call, message, name] of calls) {
    await assert.rejects(call(), (error: Error) => {
      assert.equal(error.name, name, `${call}: ${error}`);
      assert.match(error.message, message);
      return true;
    });
    refused.push(name);
  }
  assert.equal(pool.queued, 0);
  assert.equal(await pool.apply(double, [21]), 42);
  const counts = Object.entries(Object.groupBy(refused, (name) => name))
    .map(([name, list]) => `${list!.length} ${name}`).join(", ");
  await reportRow("inputs", "Python positional arguments that do not fit", {
    injected: "bad processes, initializer, initargs, maxTasksPerChild, context, chunksize, " +
      "callbacks and extra arguments to new Pool(), map, starmap, imap, imapUnordered, " +
      "mapAsync, starmapAsync, apply, applyAsync",
    outcome: `${refused.length} refused at the call (${counts}), each naming the argument and ` +
      `the value; ${pool.queued} units queued; the pool answered the next call`,
  });
});

Deno.test("Python's keyword arguments as unknown options are refused, not ignored", async () => {
  await using pool = new Pool({ processes: 1 });
  const sqr = (x: number) => x * x;
  const cases: Array<[() => Promise<unknown>, RegExp]> = [
    // Python's apply(sqr, (), {"x": 3}): kwds, which would otherwise give sqr(undefined) = NaN.
    [
      () => pool.apply(sqr, [] as never, { x: 3 } as never),
      /Pool\.apply\(\) has no option "x".*kwds/,
    ],
    [
      () => pool.applyAsync(sqr, [] as never, { x: 3 } as never).get(),
      /applyAsync\(\) has no option "x"/,
    ],
    [
      () => pool.mapAsync(sqr, [1], { error_callback: () => {} } as never).get(),
      /no option "error_callback".*write errorCallback/,
    ],
    [() => pool.map(sqr, [1], { chunk_size: 2 } as never), /no option "chunk_size".*chunksize/],
    [() => pool.map(sqr, [1], { transfer: [] } as never), /Pool\.map\(\) has no option "transfer"/],
    [() => pool.starmap(Math.max, [[1]], 1, { kwds: {} } as never), /no option "kwds"/],
    [() => pool.imap(sqr, [1], { ordered: true } as never).next(), /imap\(\) has no option/],
  ];
  const refusals: string[] = [];
  for (const [call, message] of cases) {
    await assert.rejects(call(), (error: Error) => {
      assert.equal(error.name, "TypeError");
      assert.match(error.message, message);
      refusals.push(error.message.slice(0, error.message.indexOf(" (")));
      return true;
    });
  }
  // Known options, callbacks on async calls, and unknown keys left undefined still pass.
  assert.equal(await pool.apply(sqr, [3], { timeout: 60_000, x: undefined } as never), 9);
  assert.deepEqual(await pool.mapAsync(sqr, [2], { callback: () => {} }).get(), [4]);
  await reportRow("inputs", "Python kwds as unknown call options", {
    injected: "apply(f, [], { x: 3 }), error_callback, chunk_size, transfer to map, and 3 more",
    outcome: `${refusals.length} of ${cases.length} refused with a TypeError naming the option ` +
      `(${refusals.slice(0, 3).join("; ")}; …); snake_case names pointed at the camelCase one`,
  });
});
