// Ports of CPython's _TestValue and _TestArray (Lib/test/_test_multiprocessing.py). Python's
// `Value`/`Array` are SharedValue/SharedArray, `RawValue`/`RawArray` the same with no lock;
// `get_obj()` has no counterpart (the object is the value). Typecode 'c' (a one-byte string)
// does not exist here: it fails at once with a TypeError listing the typecodes that do.
import assert from "node:assert/strict";
import { Lock, RawArray, RawValue, SharedArray, SharedValue } from "../../mod.ts";
import { runningSum, writeValues } from "../fixtures/parity_tasks.ts";
import { joinAllOk, startProcesses } from "./_parity.ts";

// CPython's codes_values without 'c'.
const CODES_VALUES = [
  ["i", 4343, 24234],
  ["d", 3.625, -4.25],
  ["h", -232, 234],
  ["q", 2n ** 33n, 2n ** 34n],
] as const;

for (const raw of [false, true]) {
  const name = raw ? "test_rawvalue" : "test_value";
  Deno.test(`_TestValue.${name}: values written in a process are seen by the parent`, async () => {
    const values = CODES_VALUES.map(([code, value]) =>
      raw ? RawValue(code, value as never) : new SharedValue(code, value as never)
    );
    values.forEach((value, i) => assert.equal(value.value, CODES_VALUES[i]![1]));
    const replacements = CODES_VALUES.map(([, , after]) => after as number | bigint);
    await joinAllOk(startProcesses(writeValues, [[values as SharedValue[], replacements]]));
    values.forEach((value, i) => assert.equal(value.value, CODES_VALUES[i]![2]));
    assert.throws(() => new SharedValue("c" as "i", 0), /typecode.*"c"/);
  });
}

Deno.test("_TestValue.test_getobj_getlock: lock options give a new, a shared or no lock", () => {
  assert.ok(new SharedValue("i", 5).getLock() instanceof Lock);
  assert.ok(new SharedValue("i", 5, { lock: null }).getLock() instanceof Lock);
  const lock = new Lock();
  assert.equal(new SharedValue("i", 5, { lock }).getLock(), lock);
  assert.throws(() => new SharedValue("i", 5, { lock: false }).getLock(), TypeError);
  assert.throws(() => new SharedValue("i", 5, { lock: "navalue" as never }), TypeError);
  assert.throws(() => RawValue("i", 5).getLock(), TypeError);
});

Deno.test("_TestValue.test_invalid_typecode: an unknown typecode is a TypeError", () => {
  assert.throws(() => new SharedValue("x" as "i", 0), TypeError);
  assert.throws(() => RawValue("x" as "i", 0), TypeError);
});

const SEQ = [680, 626, 934, 821, 150, 233, 548, 982, 714, 831];

for (const raw of [false, true]) {
  const name = raw ? "test_rawarray" : "test_array";
  Deno.test(`_TestArray.${name}: an array changed in a process is seen by the parent`, async () => {
    const seq = [...SEQ];
    const arr = raw ? RawArray("i", seq) : new SharedArray("i", seq);
    assert.equal(arr.length, seq.length);
    assert.equal(arr.get(3), seq[3]);
    assert.deepEqual(arr.toArray().slice(2, 7), seq.slice(2, 7));
    [1, 2, 3, 4].forEach((value, i) => arr.set(4 + i, value));
    seq.splice(4, 4, 1, 2, 3, 4);
    assert.deepEqual(arr.toArray(), seq);
    for (let i = 1; i < seq.length; i++) seq[i]! += seq[i - 1]!;
    await joinAllOk(startProcesses(runningSum, [[arr]]));
    assert.deepEqual(arr.toArray(), seq);
  });
}

Deno.test("_TestArray.test_array_from_size: an array made from a size starts zeroed", () => {
  for (let round = 0; round < 3; round++) {
    const arr = new SharedArray("i", 10);
    assert.equal(arr.length, 10);
    assert.deepEqual(arr.toArray(), new Array(10).fill(0));
    for (let i = 0; i < 10; i++) arr.set(i, i);
    assert.deepEqual(arr.toArray(), Array.from({ length: 10 }, (_, i) => i));
  }
});

Deno.test("_TestArray.test_getobj_getlock_obj: array lock options give a new, a shared or no lock", () => {
  const range = Array.from({ length: 10 }, (_, i) => i);
  assert.ok(new SharedArray("i", range).getLock() instanceof Lock);
  assert.ok(new SharedArray("i", range, { lock: null }).getLock() instanceof Lock);
  const lock = new Lock();
  assert.equal(new SharedArray("i", range, { lock }).getLock(), lock);
  assert.throws(() => new SharedArray("i", range, { lock: false }).getLock(), TypeError);
  assert.throws(() => new SharedArray("i", range, { lock: "notalock" as never }), TypeError);
  assert.throws(() => RawArray("i", range).getLock(), TypeError);
});

Deno.test("_TestArray.test_invalid_typecode: an unknown array typecode is a TypeError", () => {
  assert.throws(() => new SharedArray("x" as "i", []), TypeError);
  assert.throws(() => RawArray("x" as "i", []), TypeError);
});
