import assert from "node:assert/strict";
import { deserialize, serialize } from "node:v8";
import {
  decodeFromProcess,
  decodeShared,
  encodeForProcess,
  encodeShared,
} from "../../lib/wire/codec.ts";
import { SharedArray } from "../../lib/shared/array.ts";
import { SharedValue } from "../../lib/shared/value.ts";
import { Lock } from "../../lib/shared/lock.ts";
import { assertArrivedEqual } from "../_fuzz_equal.ts";

/** What a worker receives: encode, structured clone (as postMessage does), decode. */
function viaWorker(value: unknown): unknown {
  const encoded = encodeShared(value, []);
  return encoded === value ? structuredClone(value) : decodeShared(structuredClone(encoded));
}

/** What a child process receives: encode, node:v8 serialize and deserialize, decode. */
function viaProcess(value: unknown): unknown {
  const encoded = encodeForProcess(value);
  const arrived = deserialize(serialize(encoded));
  return encoded === value ? arrived : decodeFromProcess(arrived);
}

class HttpError extends TypeError {
  status = 404;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "HttpError";
  }
}

class Holder {
  constructor(readonly held: unknown) {}
  describe(): string {
    return `holding ${this.held}`;
  }
}

function richError(): Error {
  const root = Object.assign(new RangeError("root"), { code: "E_ROOT", at: new Date(5) });
  const middle = new HttpError("not found", { cause: root });
  return Object.assign(new Error("top", { cause: middle }), {
    code: "E_TOP",
    details: { tries: [1, 2], tags: new Set(["a"]) },
  });
}

for (const [route, send] of [["a worker", viaWorker], ["a child process", viaProcess]] as const) {
  Deno.test(`an Error sent to ${route} keeps its name, message, stack, cause chain and own fields`, () => {
    const error = richError();
    const arrived = send([error]) as [Error & { code: string; cause: HttpError }];
    assertArrivedEqual(arrived, [error], route);
    assert.ok(arrived[0].cause instanceof TypeError, "a subclass arrives as its built-in base");
    assert.equal(arrived[0].cause.name, "HttpError");
    assert.equal(arrived[0].cause.status, 404);
  });

  Deno.test(`Errors inside Maps, Sets and AggregateErrors sent to ${route} keep their fields`, () => {
    const coded = Object.assign(new SyntaxError("bad"), { code: 3 });
    const value = new Map<unknown, unknown>([
      ["set", new Set([coded, 1])],
      [coded, "as a key"],
      ["aggregate", new AggregateError([coded, new EvalError("e")], "many")],
      ["dom", new DOMException("stopped", "AbortError")],
    ]);
    const arrived = send(value) as Map<unknown, unknown>;
    assertArrivedEqual(arrived, value, route);
    const dom = arrived.get("dom");
    assert.ok(dom instanceof DOMException && dom.name === "AbortError" && dom.code === 20);
  });

  Deno.test(`aliases and cycles sent to ${route} arrive as aliases and cycles`, () => {
    const error = Object.assign(new Error("loop"), { self: null as unknown });
    error.self = error;
    const shared = { error, list: [] as unknown[] };
    shared.list.push(shared, error);
    const arrived = send([shared, error]) as [typeof shared, Error];
    assertArrivedEqual(arrived, [shared, error], route);
    assert.equal(arrived[0].list[0], arrived[0]);
    assert.equal((arrived[1] as typeof error).self, arrived[1]);
  });

  Deno.test(`a class instance's fields sent to ${route} arrive in a plain object, Errors whole`, () => {
    const value = [new HttpError("in a field"), 1];
    const box = new Holder(value);
    const arrived = send({ box }) as { box: { held: unknown[] } };
    assert.equal(Object.getPrototypeOf(arrived.box), Object.prototype, "as structured clone does");
    assertArrivedEqual(arrived.box.held, value, route);
  });

  Deno.test(`an object with the codec's own key sent to ${route} arrives as it was`, () => {
    const value = [{ $multiproc: { t: "shared", kind: "Lock", state: null } }, new Error("x")];
    assertArrivedEqual(send(value), value, route);
  });
}

Deno.test("encodeShared returns plain data itself, unwalked inside typed arrays", () => {
  const plain = [1, "two", [3, { four: 4n }], new Float64Array(8), new Map([[1, [2]]]), new Date()];
  assert.equal(encodeShared(plain, []), plain);
  assert.equal(encodeShared(42, []), 42);
  const sparse = [1, , { e: new Error("in a sparse array") }];
  const encoded = encodeShared(sparse, []) as unknown[];
  assert.notEqual(encoded, sparse, "an Error inside makes a copy");
  assert.equal(1 in encoded, false, "holes stay holes");
  assert.equal(
    sparse[2] instanceof Object && (sparse[2] as { e: unknown }).e instanceof Error,
    true,
  );
});

Deno.test("a value whose check throws is left to structured clone to report", () => {
  const value = {
    get broken(): never {
      throw new Error("getter");
    },
  };
  assert.equal(encodeShared(value, []), value);
  assert.equal(encodeForProcess(value), value);
});

Deno.test("shared objects inside Maps and Sets reach a worker over the same memory", () => {
  const counter = new SharedValue("i", 1);
  const array = new SharedArray("d", [0.5, 1.5]);
  const transfer: Transferable[] = [];
  const value = new Map<unknown, unknown>([["counter", counter], [array, new Set([counter])]]);
  const arrived = decodeShared(structuredClone(encodeShared(value, transfer))) as typeof value;
  assertArrivedEqual(arrived, value, "same thread");
  (arrived.get("counter") as SharedValue<"i">).value = 41;
  assert.equal(counter.value, 41);
  assert.deepEqual(transfer, []);
});

Deno.test("node:v8 carries what structured clone does once encoded for a child process", () => {
  const buffer = new ArrayBuffer(16);
  const value = {
    map: new Map<unknown, unknown>([[1, "a"], [{ k: 1 }, new Set([2n])]]),
    views: [new Float32Array(buffer, 4, 2), new Uint8Array(buffer), new DataView(buffer, 2, 3)],
    date: new Date(1e12),
    invalid: new Date(NaN),
    regexp: /x+y/gsu,
    big: -(2n ** 100n),
    sparse: [1, , 3],
    numbers: [-0, NaN, Infinity, Number.MIN_VALUE],
    missing: [undefined, { u: undefined }],
    errors: [new TypeError("t", { cause: new URIError("u") })],
  };
  const arrived = viaProcess(value) as typeof value;
  assertArrivedEqual(arrived, value, "v8");
  assert.equal(arrived.views[0]!.buffer, arrived.views[1]!.buffer, "views share their buffer");
  const bare = deserialize(serialize(value.views)) as ArrayBufferView[];
  assert.notEqual(bare[0]!.buffer, bare[1]!.buffer, "node:v8 alone would not share it");
});

Deno.test("encodeForProcess throws a TypeError naming the shared object and where it was", () => {
  const cases: Array<[unknown, RegExp]> = [
    [[1, { counter: new SharedValue("i", 0) }], /^TypeError: value\[1\]\.counter is a SharedValue/],
    [new Map([["a", new SharedArray("d", 2)]]), /value\.get\("a"\) is a SharedArray/],
    [{ lock: new Lock() }, /value\.lock is a Lock/],
    [new Set([new SharedArrayBuffer(8)]), /value item 0 is a SharedArrayBuffer/],
    [[new Int32Array(new SharedArrayBuffer(8))], /value\[0\] is an Int32Array over a Shared/],
    [Object.assign(new Error("e"), { v: new SharedValue("d", 1) }), /value\.v is a SharedValue/],
    [[new Holder(new Lock())], /value\[0\]\.held is a Lock/],
  ];
  for (const [value, pattern] of cases) {
    assert.throws(() => encodeForProcess(value), (error: Error) => {
      assert.ok(error instanceof TypeError);
      assert.match(String(error), pattern);
      assert.match(error.message, /cannot be sent to a child process \(isolation: "process"\)/);
      assert.match(error.message, /OS processes share no memory in Deno/);
      assert.match(error.message, /Use the default isolation \("thread"\).*or pass plain data/);
      return true;
    });
  }
});

Deno.test("a record of an unknown type is refused with what was expected", () => {
  assert.throws(
    () => decodeShared({ $multiproc: { t: "martian" } }),
    /record of type "martian"; expected one of "shared", "error", "object" or "view"/,
  );
});
