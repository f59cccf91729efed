import assert from "node:assert/strict";
import { Pool } from "../../lib/pool/mod.ts";
import { Process } from "../../lib/process/process.ts";
import { SharedValue } from "../../lib/shared/value.ts";
import { registerClass } from "../../lib/wire/class_registry.ts";
import {
  addItem,
  Circle,
  countThenEcho,
  echo,
  inspect,
  LabelledPoint,
  makeCircle,
  makeRegistered,
  makeSecret,
  makeUnexported,
  Node,
  Point,
  registeredInstance,
  Renamed,
  requirePoint,
  ring,
  shift,
  unexportedInstance,
  walkRing,
} from "../fixtures/class_tasks.ts";
import { runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/class_tasks.ts", import.meta.url).href;
const ISOLATIONS = ["thread", "process"] as const;
// The advice every refusal carries: the two ways to make a class travel.
const TWO_WAYS = /export \w+ from .*registerClass\(\w+\)/s;

for (const isolation of ISOLATIONS) {
  Deno.test(`a ${isolation} worker's result of an exported class the parent never sent arrives as that class`, async () => {
    await using pool = new Pool({ processes: 1, module: TASKS, isolation });
    // Circle is made only in the worker: the parent imports the module to find it.
    const circle = await pool.apply(makeCircle, [2]);
    assert.ok(circle instanceof Circle, "arrived as a Circle");
    assert.equal(circle.area(), 4 * Math.PI);
  });

  Deno.test(`an exported class's instance is an argument and a result of a ${isolation} worker, with its methods`, async () => {
    await using pool = new Pool({ processes: 1, module: TASKS, isolation });
    const moved = await pool.apply(shift, [new Point(3, 4), 1]);
    assert.ok(moved instanceof Point);
    assert.deepEqual({ ...moved }, { x: 4, y: 4 });
    assert.equal((await pool.apply(shift, [new Point(2, 0), 1])).norm(), 3);
    assert.deepEqual(await pool.map(inspect, [new Point(3, 4), { x: 3, y: 4 }]), [
      { name: "Point", isPoint: true, norm: 5 },
      { name: "Object", isPoint: false, norm: null },
    ]);
    // A static method and a static field are the class's own: the instance's constructor has them.
    const made = await pool.apply(echo, [Point.origin()]) as Point;
    assert.equal((made.constructor as typeof Point).origin().norm(), 0);
    assert.equal((made.constructor as typeof Point).ORIGIN_NAME, "origin");
    await reportRow("inputs", `class instances through a ${isolation} worker`, {
      injected: "Points sent as arguments, returned as results, made in the worker",
      outcome: `arrived as ${moved.constructor.name} with norm() = ${moved.norm()}`,
    });
  });

  Deno.test(`instances nested in arrays, objects, Maps and Sets reach a ${isolation} worker as instances, aliases kept`, async () => {
    await using pool = new Pool({ processes: 1, module: TASKS, isolation });
    const shared = new Point(1, 1);
    const value = {
      list: [shared, [new LabelledPoint(0, 2, "b")]],
      byName: new Map<string, unknown>([["a", shared], ["set", new Set([new Renamed(5)])]]),
      when: new Date(7),
      bare: Object.assign(Object.create(null), { p: new Point(6, 8) }),
    };
    const arrived = await pool.apply(echo, [value]) as typeof value;
    const [first, [labelled]] = arrived.list as [Point, [LabelledPoint]];
    assert.ok(first instanceof Point && arrived.byName.get("a") === first, "one instance, twice");
    assert.equal(labelled.describe(), "b at (0, 2), 2 from the origin");
    const [renamed] = arrived.byName.get("set") as Set<Renamed>;
    assert.equal(renamed!.doubled(), 10);
    assert.ok(arrived.when instanceof Date && arrived.when.getTime() === 7);
    // A null-prototype object arrives as a plain one, as structured clone makes it.
    assert.equal((arrived.bare.p as Point).norm(), 10);
  });

  Deno.test(`cyclic instances cross to a ${isolation} worker and back with their cycles`, async () => {
    await using pool = new Pool({ processes: 1, module: TASKS, isolation });
    assert.deepEqual(await pool.apply(walkRing, [ring(4)]), [0, 1, 2, 3]);
    const back = await pool.apply(ring, [3]);
    assert.ok(back instanceof Node);
    assert.equal(back.next!.next!.next, back, "the ring closes on the same object");
    const self = new Node(9);
    self.next = self;
    const arrived = await pool.apply(echo, [self]) as Node;
    assert.equal(arrived.next, arrived);
  });

  Deno.test(`a registered class's instances cross to a ${isolation} worker and back by its name`, async () => {
    await using pool = new Pool({ processes: 1, module: TASKS, isolation });
    const box = await pool.apply(addItem, [registeredInstance("a"), "b"]);
    assert.equal(box.count(), 2);
    const made = await pool.apply(makeRegistered, ["x", "y", "z"]) as { count(): number };
    assert.equal(made.count(), 3);
  });

  Deno.test(`an unexported class is refused by a ${isolation} worker with a TypeError naming it and both ways`, async () => {
    await using pool = new Pool({ processes: 1, module: TASKS, isolation });
    const refused = { name: "TypeError", message: /class Unexported\b/ };
    await assert.rejects(pool.apply(echo, [[1, { deep: unexportedInstance(1) }]]), refused);
    await assert.rejects(pool.apply(makeUnexported, []), refused);
    await assert.rejects(pool.apply(makeUnexported, []), { message: TWO_WAYS });
    // A subclass of an exported class is its own class: refused, not sent as a Point.
    await assert.rejects(pool.apply(makeSecret, []), { name: "TypeError", message: /Secret/ });
    // The pool still works.
    assert.equal((await pool.apply(shift, [new Point(0, 0), 2])).x, 2);
  });

  Deno.test(`a Process on a ${isolation} gets its target's args as instances, or fails naming the class`, async () => {
    const options = { target: requirePoint, module: TASKS, isolation };
    const good = new Process({ ...options, args: [new Point(1, 2)] });
    good.start();
    await good.join();
    assert.equal(good.exitCode, 0, String(good.error));
    const bad = new Process({ ...options, args: [unexportedInstance(1)] });
    const logged = console.error;
    console.error = () => {}; // Python prints a failed process's traceback; not needed here
    try {
      bad.start();
      await bad.join();
    } finally {
      console.error = logged;
    }
    assert.equal(bad.exitCode, 1);
    assert.ok(bad.error instanceof TypeError && /Unexported/.test(bad.error.message));
  });
}

Deno.test("built-in and platform types still travel as structured clone carries them", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const value = [new Blob(["abc"]), new Boolean(false), Object(2n), /x+/gi, new Uint8Array([1, 2])];
  const [blob, flag, big, pattern, bytes] = await pool.apply(echo, [value]) as typeof value;
  assert.ok(blob instanceof Blob && await blob.text() === "abc");
  assert.ok(flag instanceof Boolean && flag.valueOf() === false);
  assert.equal(Object.prototype.toString.call(big), "[object BigInt]");
  assert.ok(pattern instanceof RegExp && pattern.flags === "gi");
  assert.deepEqual(bytes, new Uint8Array([1, 2]));
});

Deno.test("an unexported instance is refused before its task runs", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const counter = new SharedValue("i", 0);
  const call = pool.apply(countThenEcho, [counter, unexportedInstance(3)]);
  await assert.rejects(call, { name: "TypeError", message: TWO_WAYS });
  assert.equal(counter.value, 0, "the task never ran");
  assert.equal(await pool.apply(countThenEcho, [counter, new Point(1, 1)]) instanceof Point, true);
  assert.equal(counter.value, 1);
  await reportRow("inputs", "an instance of a class that cannot travel", {
    injected: "an instance of a class the task module neither exports nor registers",
    outcome: `TypeError before the task ran (it ran ${counter.value - 1} times); the pool then ` +
      "ran the next call",
  });
});

Deno.test("a pool without a module refuses a class instance before sending it", async () => {
  await using pool = new Pool({ processes: 1 });
  await assert.rejects(
    pool.apply((p: unknown) => p, [new Point(1, 2)]),
    { name: "TypeError", message: /class Point.*has no module.*registerClass\(Point\)/s },
  );
  // A registered class needs no module, when the worker registers it too: here it cannot.
  class Local {}
  registerClass(Local, "tests.class_instances.Local");
  await assert.rejects(pool.apply((p: unknown) => p, [new Local()]), {
    name: "TypeError",
    message: /registered as "tests.class_instances.Local".*registerClass/s,
  });
});

Deno.test("an object whose prototype is no class's is refused, not flattened", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const made = Object.create({ greet: () => "hi" }, { own: { value: 1, enumerable: true } });
  await assert.rejects(pool.apply(echo, [made]), { name: "TypeError", message: /Object.create/ });
});

Deno.test("registerClass refuses a second class under one name and a non-class", () => {
  class A {}
  class B {}
  registerClass(A, "tests.class_instances.A");
  registerClass(A, "tests.class_instances.A"); // the same again is fine
  assert.throws(() => registerClass(B, "tests.class_instances.A"), TypeError);
  assert.throws(() => registerClass(A, "tests.class_instances.A2"), TypeError);
  assert.throws(() => registerClass((() => 1) as never), TypeError);
});

Deno.test("in a script whose main module is still evaluating, instances travel without a hang", async () => {
  const lib = new URL("../../mod.ts", import.meta.url).href;
  const { stdout, stderr, code } = await runChild(
    `import { Pool, registerClass } from "${lib}";
export class Sent { constructor(public n: number) {} twice() { return this.n * 2; } }
export class NeverSent { constructor(public n: number) {} }
export class Tagged { constructor(public tag: string) {} shout() { return this.tag.toUpperCase(); } }
registerClass(Tagged, "child.Tagged");
export const bump = (s: Sent) => new Sent(s.n + 1);
export const fresh = () => new NeverSent(1);
export const tag = (t: string) => new Tagged(t);
if (import.meta.main) {
  await using pool = new Pool({ processes: 1, module: import.meta.url });
  const sent = await pool.apply(bump, [new Sent(1)]);
  const tagged = await pool.apply(tag, ["ok"]);
  const fresh_ = await pool.apply(fresh, []).then(() => "resolved", (e) => e.message);
  console.log("OUTCOME " + JSON.stringify([sent.twice(), tagged.shout(), fresh_]));
}
`,
    { timeoutMs: 60_000 },
  );
  assert.equal(code, 0, stderr);
  const [twice, shout, fresh] = JSON.parse(stdout.split("OUTCOME ")[1]!);
  assert.equal(twice, 4, "a class the parent sent comes back as itself");
  assert.equal(shout, "OK", "a registered class comes back as itself");
  assert.match(fresh, /NeverSent.*still evaluating.*registerClass\(NeverSent\)/s);
});
