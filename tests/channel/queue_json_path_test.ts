// The queue's JSON fast path (lib/wire/_json_record.ts): every value must come out exactly as it
// did through node:v8 alone, so values that only look like JSON are the test's main diet.
import assert from "node:assert/strict";
import { deserialize, serialize } from "node:v8";
import { Pool, Queue, SimpleQueue } from "../../mod.ts";
import { encodeJsonText } from "../../lib/wire/_json_record.ts";
import { allocateRing, fits, readRecord, writeRecord } from "../../lib/channel/ring.ts";

const TASKS = new URL("./_json_tasks.ts", import.meta.url).href;

/** What node:v8 alone delivered for `value` before the fast path. */
function viaV8(value: unknown): unknown {
  return deserialize(serialize(value));
}

function sparse(): unknown[] {
  const array = [1, 2, 3];
  delete array[1];
  return array;
}

function withExtraField(): unknown[] {
  return Object.assign([1, 2], { extra: "kept by node:v8" });
}

function holeAndExtraField(): unknown[] {
  // As many keys as elements: a count alone would not see the hole.
  return Object.assign(sparse(), { extra: 1 });
}

// Values JSON.stringify would write without complaint but JSON.parse would not give back.
const LOOKALIKES: Array<[string, () => unknown]> = [
  ["-0", () => -0],
  ["-0 in an array", () => [1, -0]],
  ["NaN and ±Infinity", () => [NaN, Infinity, -Infinity]],
  ["undefined", () => undefined],
  ["undefined in an array", () => [undefined]],
  ["an undefined field", () => ({ a: undefined, b: 1 })],
  ["a sparse array", sparse],
  ["an array with an extra field", withExtraField],
  ["a sparse array with an extra field", holeAndExtraField],
  ["a Date", () => new Date(86_400_000)],
  ["a Date in an object", () => ({ at: new Date(0) })],
  ["a null-prototype object", () => Object.assign(Object.create(null), { a: 1 })],
  ["a BigInt", () => ({ n: 2n ** 70n })],
  ["a Map", () => new Map([["a", 1]])],
  ["a Set", () => new Set([1])],
  ["a typed array", () => ({ bytes: new Uint8Array([1, 2, 3]) })],
  ["a RegExp", () => /x/g],
  ["a boxed number", () => [new Number(1)]],
  ["a boxed string", () => new String("s")],
  ["an Error", () => new RangeError("e")],
  ["the same object twice", () => {
    const shared = { a: [1] };
    return { x: shared, y: shared };
  }],
  ["the same array twice", () => {
    const shared = [1];
    return [shared, shared];
  }],
  ["a cycle", () => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    return o;
  }],
  ["a cycle through an array", () => {
    const a: unknown[] = [1];
    a.push({ back: a });
    return a;
  }],
  ["arrays nested 300 deep", () => {
    let v: unknown = 1;
    for (let i = 0; i < 300; i++) v = [v];
    return v;
  }],
];

// Values that do take the JSON path; they must still come out exactly.
const JSON_VALUES: unknown[] = [
  0,
  1,
  -1.5,
  5e-324,
  Number.MAX_VALUE,
  -Number.MAX_SAFE_INTEGER,
  1e21,
  0.1 + 0.2,
  "",
  "plain",
  'quote " backslash \\ newline \n tab \t nul \0 del \x7f',
  "é ü ñ 中文 𝄞 emoji 🎉",
  "lone surrogates \ud800 and \udfff, reversed pair \udc00\ud800",
  true,
  false,
  null,
  [],
  {},
  [[[]], [{}]],
  { "": 1, "é": 2, "\ud800": 3, '"': 4 },
  { b: 1, a: 2, 10: "x", 2: "y" },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { nested: { list: [1, "two", null, true, { deep: [0.5] }] } },
  Array.from({ length: 1000 }, (_, i) => i * 1.25),
];

Deno.test("encodeJsonText refuses every value JSON would not give back exactly", () => {
  for (const [what, make] of LOOKALIKES) {
    assert.equal(encodeJsonText(make()), null, what);
  }
  assert.equal(encodeJsonText(new Proxy([1, 2], {})), null, "a Proxy");
  assert.equal(encodeJsonText({ inner: new Proxy({}, {}) }), null, "a Proxy inside");
  class Point {
    constructor(readonly x: number) {}
  }
  assert.equal(encodeJsonText(new Point(1)), null, "a class instance");
  assert.equal(encodeJsonText({ f: () => 1 }), null, "a function");
  assert.equal(encodeJsonText({ [Symbol("s")]: 1, a: 1 }), '{"a":1}', "symbol keys: both skip");
});

Deno.test("encodeJsonText writes ASCII text that JSON.parse reads back exactly", () => {
  for (const value of JSON_VALUES) {
    const text = encodeJsonText(value);
    assert.notEqual(text, null, JSON.stringify(value));
    assert.doesNotMatch(text!, /[\u0080-\uffff]/, "ASCII only");
    assert.notEqual(text!.charCodeAt(0), 0xff);
    assert.deepStrictEqual(JSON.parse(text!), viaV8(value));
  }
});

Deno.test("encodeJsonText reads a getter once, and a value whose getter changes it stays exact", () => {
  let reads = 0;
  const value = {
    get n() {
      return ++reads;
    },
  };
  assert.equal(encodeJsonText(value), '{"n":1}');
  assert.equal(reads, 1);
});

Deno.test("a getter that puts to a queue while its value is walked leaves the walk intact: shared references are still seen", async () => {
  const other = new Queue();
  const shared = { a: 1 };
  const value = {
    first: shared,
    get middle() {
      other.putSync({ nested: [1, 2] });
      return 2;
    },
    last: shared,
  };
  const queue = new Queue();
  await queue.put(value);
  const got = await queue.get() as { first: unknown; middle: number; last: unknown };
  assert.equal(got.first, got.last, "one object reached twice still arrives as one");
  assert.equal(got.middle, 2);
  assert.deepStrictEqual(await other.get(), { nested: [1, 2] });
});

Deno.test("Queue delivers every JSON look-alike exactly as node:v8 alone did", async () => {
  const queue = new Queue();
  for (const [what, make] of LOOKALIKES) {
    await queue.put(make());
    assert.deepStrictEqual(await queue.get(), viaV8(make()), what);
  }
  const shared = { a: [1] };
  await queue.put({ x: shared, y: shared });
  const got = await queue.get() as { x: unknown; y: unknown };
  assert.equal(got.x, got.y, "one object reached twice arrives as one object");
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  await queue.put(cycle);
  const back = await queue.get() as Record<string, unknown>;
  assert.equal(back.self, back);
  for (const value of JSON_VALUES) {
    await queue.put(value);
    assert.deepStrictEqual(await queue.get(), viaV8(value));
  }
});

Deno.test("Queue still refuses through the JSON path what it refused before: a Proxy, a function", async () => {
  const queue = new Queue();
  await assert.rejects(queue.put(new Proxy([1], {})), /cannot send this value/);
  await assert.rejects(queue.put({ f: () => 1 }), /cannot send this value/);
  await assert.rejects(queue.put([new SimpleQueue()]), /cannot carry a SimpleQueue/);
  assert.equal(queue.qsize(), 0);
});

Deno.test("text and node:v8 records wrap around a small ring at every offset and arrive intact", async () => {
  // Odd, and room for two records at most: they straddle the end at every offset.
  const queue = new Queue<unknown>(0, { capacity: 131 });
  const expected: unknown[] = [];
  for (let i = 0; i < 600; i++) {
    const value = i % 3 === 0
      ? "x".repeat(i % 41) + "é"
      : i % 3 === 1
      ? [i, -0]
      : { i, s: "ab".repeat(i % 17) };
    await queue.put(value, 1_000);
    expected.push(viaV8(value));
    // Take one after each put but the first, so one or two values sit in the ring at a time.
    if (i > 0) assert.deepStrictEqual(await queue.get(1_000), expected.shift());
  }
  while (expected.length > 0) assert.deepStrictEqual(await queue.get(1_000), expected.shift());
});

Deno.test("the ring hands back a record whose text wraps its end, and one of 0 to 5 bytes, exactly", () => {
  const ring = allocateRing(29); // both records at most: 4 + 14 + 4 + 4 bytes, 3 to spare
  for (let round = 0; round < 50; round++) {
    const text = "abcdefghijklmn".slice(0, round % 15);
    assert.equal(fits(ring, text.length), true);
    assert.equal(writeRecord(ring, text), true);
    const bytes = new Uint8Array([0xff, round, 0, 7].slice(0, 1 + (round % 4)));
    assert.equal(writeRecord(ring, bytes), true);
    // An empty text record comes back as an empty byte record (node:v8 then refuses it).
    const first = readRecord(ring);
    if (text.length === 0) assert.deepEqual(first, new Uint8Array(0));
    else assert.equal(first, text);
    assert.deepEqual(readRecord(ring), bytes);
  }
});

Deno.test("huge JSON-safe values (a 6 MB string, 200,000 numbers) go through a worker and back exactly", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const { echoOnce } = await import(TASKS);
  const queue = new Queue<unknown>(0, { capacity: 32 << 20 });
  const replies = new Queue<unknown>(0, { capacity: 32 << 20 });
  const ascii = 'ascii " \\ \n'.repeat(1 << 19); // 6 MB of JSON text
  const mixed = "é\ud800 𝄞".repeat(1 << 18); // long and not ASCII: node:v8's
  const numbers = Array.from({ length: 200_000 }, (_, i) => i / 7);
  const echoing = pool.apply(echoOnce, [queue, replies, 3]);
  for (const value of [ascii, mixed, numbers]) {
    await queue.put(value);
    assert.deepStrictEqual(await replies.get(30_000), value);
  }
  await echoing;
  await assert.rejects(new Queue(0, { capacity: 64 }).put("x".repeat(100)), /does not fit/);
});

Deno.test("2 producers putting JSON values and look-alikes in turn, 2 consumers: every value exactly once, in each producer's order", async () => {
  await using pool = new Pool({ processes: 4, module: TASKS });
  const { produceMixed, consumeMixed } = await import(TASKS);
  const queue = new Queue<unknown>(16, { capacity: 4096 });
  const count = 1_500;
  const consumers = [0, 1].map(() => pool.apply(consumeMixed, [queue, count]));
  await Promise.all([0, 1].map((p) => pool.apply(produceMixed, [queue, p, count])));
  const taken = (await Promise.all(consumers)) as string[][];
  const problems = taken.flatMap((c) => c.filter((line) => line.startsWith("FAIL")));
  assert.deepEqual(problems, []);
  const seen = taken.flat().filter((line) => !line.startsWith("FAIL"));
  assert.equal(seen.length, 2 * count);
  assert.equal(new Set(seen).size, 2 * count, "each value once");
});
