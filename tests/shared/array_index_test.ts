// Python's `arr[i]`, `arr[-1]` and `arr[i] = v` on SharedArray: elements of the shared memory,
// never `undefined` or an own property that no other thread sees.
import assert from "node:assert/strict";
import { Pool, Process, RawArray, SharedArray, SharedValue } from "../../mod.ts";
import { toShared } from "../../lib/wire/codec.ts";
import {
  badWriteByIndex,
  doubleByIndex,
  readByIndex,
  writeByIndex,
} from "../fixtures/array_index_tasks.ts";

const TASKS = new URL("../fixtures/array_index_tasks.ts", import.meta.url).href;
const keyed = (arr: object): Record<string, unknown> => arr as Record<string, unknown>;

Deno.test("arr[i] and arr[-i] read elements; arr[i] = v writes the memory, adding no property", () => {
  const arr = new SharedArray("d", 5);
  arr[2] = 0.5;
  arr[-1] = 4;
  assert.equal(arr[2], 0.5);
  assert.equal(arr[-3], 0.5);
  assert.equal(arr[-1], 4);
  assert.equal(arr[4], 4);
  assert.equal(arr.get(2), 0.5, "get() sees what indexing wrote");
  assert.equal(arr.array[4], 4, "the live view sees it");
  arr.set(0, 1.25);
  assert.equal(arr[0], 1.25, "indexing sees what set() wrote");
  arr.array[1] = -2;
  assert.equal(arr[1], -2);
  arr[3]! += 10;
  assert.equal(arr[3], 10);
  assert.equal(arr[-0], 1.25);
  assert.equal(keyed(arr)["2"], 0.5, "a canonical numeric string is the same key");
  assert.deepEqual(Object.getOwnPropertyNames(arr), ["typecode"]);
  assert.equal(Object.hasOwn(arr, "2"), false);
});

Deno.test("arr.length is fixed: assigning it throws rather than widen the index checks", () => {
  const arr = new SharedArray("d", 2);
  assert.throws(() => (arr as { length: number }).length = 10, TypeError);
  assert.equal(arr.length, 2);
  assert.throws(() => arr.set(5, 1), /in \[-2, 2\), received 5/);
  assert.throws(() => arr[5] = 1, RangeError);
});

Deno.test("arr[i] = v refuses what set() refuses, with the same errors", () => {
  const ints = new SharedArray("i", [1, 2, 3]);
  assert.throws(() => ints[3] = 0, {
    name: "RangeError",
    message: "SharedArray index must be an integer in [-3, 3), received 3",
  });
  assert.throws(() => ints[-4] = 0, RangeError);
  assert.throws(() => ints[0] = 1.5, {
    name: "TypeError",
    message: /expects an integer for typecode 'i', received 1\.5/,
  });
  assert.throws(() => ints.set(0, 1.5), /expects an integer for typecode 'i', received 1\.5/);
  for (const fraction of [NaN, Infinity, -Infinity, 0.1]) {
    assert.throws(() => ints[1] = fraction, TypeError, `${fraction} into 'i'`);
  }
  assert.throws(() => keyed(ints)[0] = "7", /expects a number for typecode 'i', received string/);
  assert.throws(() => keyed(ints)[0] = 7n, TypeError);
  assert.throws(() => keyed(ints)[0] = null, TypeError);
  assert.deepEqual(ints.toArray(), [1, 2, 3], "nothing failed halfway");
  const big = new SharedArray("q", 2);
  assert.throws(() => keyed(big)[0] = 1, /expects a bigint for typecode 'q'/);
  big[-1] = 2n ** 62n;
  assert.equal(big[1], 2n ** 62n);
  const doubles = new SharedArray("d", 1);
  doubles[0] = NaN;
  assert.ok(Number.isNaN(doubles[0]), "'d' takes any number, NaN included");
  doubles[0] = -0;
  assert.ok(Object.is(doubles[0], -0));
});

Deno.test("arr[i] reads out of range, fractional and odd numeric keys as errors, not undefined", () => {
  const arr = new SharedArray("d", 3);
  const reads: [string, RegExp][] = [
    ["3", /in \[-3, 3\), received 3$/],
    ["-4", /received -4$/],
    ["1.5", /received 1\.5$/],
    ["NaN", /received NaN$/],
    ["Infinity", /received Infinity$/],
    ["1e+21", /received 1e\+21$/],
    ["01", /SharedArray\["01"\]: the key reads as a number but is not written as one/],
    ["0x1", /reads as a number/],
    [" 1", /reads as a number/],
    ["+1", /reads as a number/],
  ];
  for (const [key, message] of reads) {
    assert.throws(() => keyed(arr)[key], message, `read ${key}`);
    assert.throws(() => keyed(arr)[key] = 1, message, `write ${key}`);
  }
  assert.deepEqual(Object.getOwnPropertyNames(arr), ["typecode"]);
  assert.equal(new SharedArray("d", 0).length, 0);
  assert.throws(() => new SharedArray("d", 0)[0], RangeError, "an empty array has no element 0");
});

Deno.test("names that are not numbers behave as on any object", async () => {
  const arr = new SharedArray("i", 2);
  keyed(arr).label = "counts";
  assert.equal(keyed(arr).label, "counts");
  assert.equal(keyed(arr).missing, undefined);
  assert.equal("label" in arr, true);
  assert.equal("get" in arr, true);
  assert.equal("missing" in arr, false);
  assert.equal(await Promise.resolve(arr), arr, "await looks up then and finds none");
  assert.equal(arr.valueOf(), arr, "Object.prototype methods are still found");
  assert.equal(String(arr), "[object Object]");
});

Deno.test("`i in arr` throws: JavaScript asks for an index, Python for an element", () => {
  const arr = new SharedArray("i", [5, 6]);
  assert.throws(() => 0 in arr, {
    name: "TypeError",
    message: /`"0" in` a SharedArray .* `i < arr\.length` .* `arr\.toArray\(\)\.includes\(x\)`/,
  });
  assert.throws(() => "-1" in arr, TypeError);
  assert.throws(() => 5 in arr, TypeError);
  assert.equal(arr.toArray().includes(6), true);
});

Deno.test("spread, Array.from, JSON.stringify and Deno.inspect show the elements", () => {
  const arr = new SharedArray("h", [1, -2, 300]);
  assert.deepEqual([...arr], [1, -2, 300]);
  assert.deepEqual(Array.from(arr), [1, -2, 300]);
  assert.equal(JSON.stringify(arr), "[1,-2,300]");
  assert.equal(JSON.stringify({ arr }), '{"arr":[1,-2,300]}');
  assert.throws(() => JSON.stringify(new SharedArray("q", 1)), TypeError, "bigints do not JSON");
  assert.equal(Deno.inspect(arr), 'SharedArray<"h">(3) [ 1, -2, 300 ]');
  assert.match(
    Deno.inspect(new SharedArray("d", 1000)),
    /^SharedArray<"d">\(1000\) \[[^]*900 more items/,
  );
  assert.deepEqual(Object.keys(arr), ["typecode"]);
});

Deno.test("RawArray indexes the same and is still a SharedArray; methods work as before", async () => {
  const raw = RawArray("B", [1, 2, 3]);
  assert.ok(raw instanceof SharedArray);
  raw[-1] = 255;
  assert.equal(raw[2], 255);
  assert.throws(() => raw.getLock(), /lock: false/);
  const locked = new SharedArray("d", [1, 2]);
  assert.equal(await locked.withLock(() => locked[0]! + locked[1]!), 3);
  assert.equal(locked.withLockSync(() => (locked[0] = 7)), 7);
  assert.equal(locked[toShared]().kind, "SharedArray");
});

Deno.test("SharedValue cannot be indexed: v[0] throws naming .value; a fraction into 'i' throws", () => {
  const v = new SharedValue("i", 3);
  assert.throws(() => keyed(v)[0], { name: "TypeError", message: /its number is \.value/ });
  assert.throws(() => keyed(v)[0] = 1, /its number is \.value/);
  assert.equal(Object.hasOwn(v, "0"), false);
  assert.throws(() => v.value = 2.5, /expects an integer for typecode 'i', received 2\.5/);
  assert.throws(() => new SharedValue("i", 1.5), TypeError);
  assert.throws(() => v.add(0.5), TypeError);
  assert.equal(v.value, 3);
  assert.equal(new SharedValue("f", 0.5).value, 0.5);
  assert.equal(JSON.stringify({ v }), '{"v":3}');
  assert.equal(Deno.inspect(v), 'SharedValue<"i">(3)');
});

Deno.test("a Pool task reads and writes a SharedArray by index; the parent sees the writes", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const arr = new SharedArray("d", 4);
  arr[-1] = 1.5;
  assert.equal(
    await pool.apply(readByIndex, [arr, -1]),
    1.5,
    "the worker reads the parent's write",
  );
  assert.equal(await pool.apply(writeByIndex, [arr, 1, 0.25]), 0.25);
  assert.equal(arr[1], 0.25, "the parent reads the worker's write");
  assert.equal(await pool.apply(writeByIndex, [arr, -2, 8]), 8);
  assert.equal(arr[2], 8);
  assert.deepEqual(Object.getOwnPropertyNames(arr), ["typecode"]);
  assert.equal(
    await pool.apply(badWriteByIndex, [arr, "4", 1]),
    "RangeError: SharedArray index must be an integer in [-4, 4), received 4",
  );
  assert.match(await pool.apply(badWriteByIndex, [RawArray("i", 1), "0", 0.5]), /^TypeError: /);
  assert.equal(await pool.apply(readByIndex, [RawArray("Q", [9n]), 0]), 9n);
});

Deno.test("a Process doubles a SharedArray by index under its lock; the parent sees it", async () => {
  const arr = new SharedArray("i", [1, 2, 3, 4]);
  const process = new Process({ target: doubleByIndex, args: [arr], module: TASKS });
  process.start();
  await process.join(60_000);
  assert.equal(process.exitCode, 0);
  assert.deepEqual([arr[0], arr[1], arr[2], arr[-1]], [2, 4, 6, -1]);
});
