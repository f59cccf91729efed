// Python's spellings of our members (`p.exitcode`, `q.put_nowait()`, `v.get_lock()`) throw a
// TypeError naming ours, instead of reading as `undefined` in code that is run without type
// checking. Checked against the classes a Python user ports to, against the maps themselves (no
// stale target, no hidden member), across a worker, and in a child `deno` that runs an untyped
// snippet.
import assert from "node:assert/strict";
import {
  Barrier,
  BoundedSemaphore,
  Condition,
  Event,
  JoinableQueue,
  Lock,
  Pipe,
  Pool,
  Process,
  Queue,
  RLock,
  Semaphore,
  SharedArray,
  SharedValue,
  SimpleQueue,
} from "../../mod.ts";
import { Guarded } from "../../lib/shared/guarded.ts";
import { guardedPythonNames, guardPythonNames } from "../../lib/internal/python_names.ts";
import { runCommand } from "../package/_run_deno.ts";

const ROOT_PATH = decodeURIComponent(new URL("../../", import.meta.url).pathname);
const CHILD_TIME_LIMIT_MS = 120_000;

type Instance = Record<string, unknown>;

/** A fresh instance of each class a Python user ports to, none needing a worker. */
const MAKERS: ReadonlyMap<string, () => object> = new Map<string, () => object>([
  ["Process", () => new Process({ target: () => {} })],
  ["Queue", () => new Queue()],
  ["JoinableQueue", () => new JoinableQueue()],
  ["SimpleQueue", () => new SimpleQueue()],
  ["Connection", () => Pipe()[0]],
  ["SharedValue", () => new SharedValue("i", 0)],
  ["SharedArray", () => new SharedArray("d", 2)],
  ["Lock", () => new Lock()],
  ["RLock", () => new RLock()],
  ["Semaphore", () => new Semaphore(2)],
  ["BoundedSemaphore", () => new BoundedSemaphore(2)],
  ["Event", () => new Event()],
  ["Condition", () => new Condition()],
  ["Barrier", () => new Barrier(2)],
]);

/**
 * Python's names that differ from ours, written out here rather than read from the library's maps,
 * so that a map emptied by mistake fails this test. The message names the class the caller has.
 */
const EXPECTED: ReadonlyArray<readonly [string, string, string]> = [
  ["Process", "exitcode", "Process.exitcode is Python's name; multiproc's is exitCode"],
  ["Process", "is_alive", "Process.is_alive() is Python's name; multiproc's is isAlive()"],
  ["Process", "ident", "Process.ident is Python's name; multiproc's is pid"],
  [
    "Process",
    "daemon",
    "Process.daemon is Python's name; multiproc has none: there is no daemon flag yet " +
    "(see the README on how a Process ends)",
  ],
  ["Queue", "put_nowait", "Queue.put_nowait() is Python's name; multiproc's is putNowait()"],
  ["Queue", "get_nowait", "Queue.get_nowait() is Python's name; multiproc's is getNowait()"],
  ["Queue", "join_thread", "Queue.join_thread() is Python's name; multiproc's is joinThread()"],
  [
    "Queue",
    "cancel_join_thread",
    "Queue.cancel_join_thread() is Python's name; multiproc's is cancelJoinThread()",
  ],
  ["Queue", "is_shutdown", "Queue.is_shutdown is Python's name; multiproc's is isShutdown"],
  [
    "JoinableQueue",
    "task_done",
    "JoinableQueue.task_done() is Python's name; multiproc's is taskDone()",
  ],
  [
    "JoinableQueue",
    "get_nowait",
    "JoinableQueue.get_nowait() is Python's name; multiproc's is getNowait()",
  ],
  [
    "SimpleQueue",
    "put_nowait",
    "SimpleQueue.put_nowait() is Python's name; multiproc's is putNowait()",
  ],
  [
    "Connection",
    "send_bytes",
    "Connection.send_bytes() is Python's name; multiproc's is sendBytes()",
  ],
  [
    "Connection",
    "recv_bytes",
    "Connection.recv_bytes() is Python's name; multiproc's is recvBytes()",
  ],
  ["SharedValue", "get_lock", "SharedValue.get_lock() is Python's name; multiproc's is getLock()"],
  ["SharedArray", "get_lock", "SharedArray.get_lock() is Python's name; multiproc's is getLock()"],
  ["SharedArray", "get_obj", "SharedArray.get_obj is Python's name; multiproc's is array"],
  ["Semaphore", "get_value", "Semaphore.get_value() is Python's name; multiproc's is getValue()"],
  [
    "BoundedSemaphore",
    "get_value",
    "BoundedSemaphore.get_value() is Python's name; multiproc's is getValue()",
  ],
  ["Event", "is_set", "Event.is_set() is Python's name; multiproc's is isSet()"],
  [
    "Condition",
    "wait_for",
    "Condition.wait_for() is Python's name; multiproc's is waitFor() (or waitForSync())",
  ],
  [
    "Condition",
    "notify_all",
    "Condition.notify_all() is Python's name; multiproc's is notifyAll()",
  ],
  ["Barrier", "n_waiting", "Barrier.n_waiting is Python's name; multiproc's is nWaiting"],
];

/** Python's names that are ours too: never guarded (a guard would hide the real member). */
const SAME_IN_BOTH: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["Process", ["start", "join", "terminate", "kill", "close", "name", "pid", "sentinel"]],
  ["Queue", ["put", "get", "qsize", "empty", "full", "close", "shutdown"]],
  ["JoinableQueue", ["join"]],
  ["Connection", ["send", "recv", "poll", "close", "closed", "readable", "writable"]],
  ["SharedValue", ["value"]],
  ["Lock", ["acquire", "release"]],
  ["RLock", ["acquire", "release"]],
  ["Event", ["set", "clear", "wait"]],
  ["Condition", ["acquire", "release", "wait", "notify"]],
  ["Barrier", ["wait", "abort", "reset", "parties", "broken"]],
];

function make(name: string): Instance {
  const maker = MAKERS.get(name);
  assert.ok(maker !== undefined, `no maker for ${name}`);
  return maker() as Instance;
}

Deno.test("a Python name read on an instance throws a TypeError naming multiproc's member", () => {
  for (const [cls, python, message] of EXPECTED) {
    const instance = make(cls);
    assert.throws(() => instance[python], { name: "TypeError", message }, `${cls}.${python}`);
  }
});

Deno.test("a Python method call throws the TypeError naming ours, not 'is not a function'", () => {
  const process = make("Process") as { is_alive(): boolean };
  assert.throws(() => process.is_alive(), {
    name: "TypeError",
    message: "Process.is_alive() is Python's name; multiproc's is isAlive()",
  });
  const queue = make("Queue") as { put_nowait(item: unknown): void };
  assert.throws(() => queue.put_nowait(1), /multiproc's is putNowait\(\)$/);
});

Deno.test("assigning a Python name throws too and creates no property", () => {
  for (const [cls, python] of EXPECTED) {
    const instance = make(cls);
    assert.throws(() => {
      instance[python] = 1;
    }, {
      name: "TypeError",
      message: new RegExp(
        `^cannot assign ${cls}\\.${python}: it is Python's name; multiproc('s is | has none: )`,
      ),
    });
    assert.equal(Object.hasOwn(instance, python), false, `${cls}.${python} became own`);
  }
  // Python's `p.daemon = True` before start(): a flag multiproc has not got, so it says so.
  const process = new Process({ target: () => {} }) as unknown as Instance;
  assert.throws(() => {
    process.daemon = true;
  }, /^TypeError: cannot assign Process\.daemon: it is Python's name; multiproc has none: /);
  // A real member with a setter (Python's `v.value = 5` too) stays assignable.
  const value = new SharedValue("i", 0);
  value.value = 5;
  assert.equal(value.value, 5);
});

Deno.test("the Python names that are ours too are real members, never guarded", () => {
  for (const [cls, names] of SAME_IN_BOTH) {
    const instance = make(cls);
    for (const name of names) {
      assert.ok(name in instance, `${cls}.${name} is missing`);
      // Some throw for their own reasons (a sentinel before start()), but never as a guard.
      try {
        instance[name];
      } catch (error) {
        assert.doesNotMatch((error as Error).message, /Python's name/, `${cls}.${name}`);
      }
    }
  }
});

Deno.test("every map points at a member its class has, and none names one it has", async () => {
  await using pool = new Pool({ processes: 1 });
  const maps = guardedPythonNames();
  const covered = new Set<string>();
  for (const [cls, names] of maps) {
    // Guarded is abstract: its names are checked on both of its classes.
    const instances = cls === Guarded
      ? [make("SharedValue"), make("SharedArray")]
      : cls === Pool
      ? [pool as unknown as Instance]
      : [make(cls.name)];
    covered.add(cls.name);
    for (const instance of instances) {
      for (const [python, ours] of Object.entries(names)) {
        if (typeof ours === "string") {
          assert.ok(ours in instance, `${cls.name}: ${python} maps to ${ours}, which is missing`);
        } else {
          assert.ok(ours.none.length > 0, `${cls.name}: ${python} says nothing about what to do`);
        }
        // An own field of that name would hide the guard (and would be a real member).
        assert.equal(Object.hasOwn(instance, python), false, `${cls.name} has its own ${python}`);
        assert.throws(() => instance[python], TypeError, `${cls.name}.${python} did not throw`);
      }
    }
  }
  for (const expected of ["Process", "Pool", "Queue", "JoinableQueue", "Connection", "Guarded"]) {
    assert.ok(covered.has(expected), `${expected} has no Python names installed`);
  }
  for (const [cls, python] of EXPECTED) {
    assert.ok(
      [...maps.values()].some((names) => python in names),
      `${cls}.${python} is in no map`,
    );
  }
});

Deno.test("the guards are invisible to for-in, Object.keys, console.log and structured cloning", () => {
  for (const name of MAKERS.keys()) {
    const instance = make(name);
    const seen: string[] = [];
    for (const key in instance) seen.push(key);
    const guarded = EXPECTED.filter(([cls]) => cls === name).map(([, python]) => python);
    for (const python of guarded) {
      assert.ok(!seen.includes(python), `for-in over ${name} listed ${python}`);
      assert.ok(!Object.keys(instance).includes(python), `Object.keys(${name}) listed ${python}`);
    }
    // console.log's view (and getters: true) lists own properties only; showHidden lists the
    // prototype's accessors too, guards included, and catches what they throw.
    const shown = Deno.inspect(instance, { getters: true });
    for (const python of guarded) assert.ok(!shown.includes(python), `inspect showed ${python}`);
    assert.doesNotThrow(() => Deno.inspect(instance, { getters: true, showHidden: true }));
  }
  assert.deepEqual(Object.keys(structuredClone(make("Event"))), []);
});

Deno.test("Pool and AsyncResult: Python's async names throw; AsyncResult's are ours already", async () => {
  await using pool = new Pool({ processes: 1 });
  const loose = pool as unknown as Instance;
  for (
    const [python, ours] of Object.entries({
      apply_async: "applyAsync",
      map_async: "mapAsync",
      starmap_async: "starmapAsync",
      imap_unordered: "imapUnordered",
    })
  ) {
    assert.throws(() => loose[python], {
      name: "TypeError",
      message: `Pool.${python}() is Python's name; multiproc's is ${ours}()`,
    });
  }
  const result = pool.applyAsync((x: number) => x * 2, [21]);
  assert.equal(await result.get(60_000), 42);
  assert.equal(result.ready(), true);
  assert.equal(result.successful(), true);
  // A SharedValue revived in a worker carries the guards there too.
  const shared = new SharedValue("i", 7);
  const seen = await pool.apply((value: SharedValue) => {
    try {
      (value as unknown as { get_lock(): unknown }).get_lock();
      return "no error";
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message} (${value.value})`;
    }
  }, [shared]);
  assert.equal(
    seen,
    "TypeError: SharedValue.get_lock() is Python's name; multiproc's is getLock() (7)",
  );
});

Deno.test("a subclass inherits the guards and is named in the message", () => {
  class Worker extends Process {}
  const worker = new Worker({ target: () => {} }) as unknown as Instance;
  assert.throws(() => worker.exitcode, {
    message: "Worker.exitcode is Python's name; multiproc's is exitCode",
  });
});

Deno.test("Python names are not in the declared types (deno doc) and deno check refuses them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "multiproc_python_names_" });
  try {
    const snippet = `${dir}/ported.ts`;
    await Deno.writeTextFile(
      snippet,
      [
        `import { Process, Queue } from ${JSON.stringify(`file://${ROOT_PATH}mod.ts`)};`,
        "const p = new Process({ target: () => {} });",
        "const seen: string[] = [];",
        "for (const read of [() => p.exitcode, () => p.is_alive(), () => new Queue().put_nowait(1)]) {",
        "  try {",
        "    seen.push(`no error: ${read()}`);",
        "  } catch (error) {",
        "    seen.push(`${(error as Error).name}: ${(error as Error).message}`);",
        "  }",
        "}",
        "console.log(JSON.stringify(seen));",
      ].join("\n"),
    );
    const config = ["--config", `${ROOT_PATH}deno.json`];
    const run = await runCommand(["run", ...config, snippet], {
      cwd: ROOT_PATH,
      timeoutMs: CHILD_TIME_LIMIT_MS,
    });
    assert.equal(run.code, 0, `deno run failed:\n${run.stderr}`);
    assert.deepEqual(JSON.parse(run.stdout.trim().split("\n").at(-1) ?? ""), [
      "TypeError: Process.exitcode is Python's name; multiproc's is exitCode",
      "TypeError: Process.is_alive() is Python's name; multiproc's is isAlive()",
      "TypeError: Queue.put_nowait() is Python's name; multiproc's is putNowait()",
    ]);
    const check = await runCommand(["check", ...config, snippet], {
      cwd: ROOT_PATH,
      timeoutMs: CHILD_TIME_LIMIT_MS,
    });
    assert.notEqual(check.code, 0, "deno check accepted Python's names");
    for (const python of ["exitcode", "is_alive", "put_nowait"]) {
      assert.match(check.stderr, new RegExp(`Property '${python}' does not exist`));
    }
    const doc = await runCommand(["doc", "--json", `${ROOT_PATH}mod.ts`], {
      cwd: ROOT_PATH,
      timeoutMs: CHILD_TIME_LIMIT_MS,
    });
    assert.equal(doc.code, 0, `deno doc failed:\n${doc.stderr}`);
    for (const [, python] of EXPECTED) {
      assert.doesNotMatch(
        doc.stdout,
        new RegExp(`"name":\\s*"${python}"`),
        `deno doc lists ${python}`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("guardPythonNames() refuses a map that would hide a member or point at a missing one", () => {
  class Job {
    readonly label = "job";
    exitCode(): number {
      return 0;
    }
    get python_like(): number {
      return 1;
    }
  }
  assert.throws(() => guardPythonNames(Job, { python_like: "exitCode" }), {
    name: "TypeError",
    message: "guardPythonNames(Job): python_like is a member of Job; a guard would hide it",
  });
  assert.throws(() => guardPythonNames(Job, { exitcode: "exitcodeTypo" }), {
    name: "TypeError",
    message: "guardPythonNames(Job): exitcode maps to exitcodeTypo, which Job does not have",
  });
  // A map with one bad entry installs none of its entries.
  assert.throws(
    () => guardPythonNames(Job, { exit_status: "exitCode", exitcode: "exitcodeTypo" }),
    TypeError,
  );
  for (const python of ["exitcode", "exit_status"]) {
    assert.equal(Object.getOwnPropertyDescriptor(Job.prototype, python), undefined, python);
  }
  guardPythonNames(Job, { pid_file: { none: "a Job has no pid file" } });
  assert.throws(() => (new Job() as unknown as Instance).pid_file, {
    message: "Job.pid_file is Python's name; multiproc has none: a Job has no pid file",
  });
  guardPythonNames(Job, { exit_code: "exitCode" });
  const job = new Job() as unknown as Instance;
  assert.equal(job.python_like, 1);
  assert.equal(job.label, "job");
  assert.throws(() => job.exit_code, {
    message: "Job.exit_code() is Python's name; multiproc's is exitCode()",
  });
});

Deno.test("even sloppy-mode code, where a getter-only assignment is ignored, sees the error", () => {
  const process = new Process({ target: () => {} });
  // Function() bodies are sloppy unless they say otherwise: there a missing setter fails silently.
  const assignInSloppyMode = new Function("p", "p.exitcode = 0; return p.exitCode;");
  assert.throws(() => assignInSloppyMode(process), {
    name: "TypeError",
    message: "cannot assign Process.exitcode: it is Python's name; multiproc's is exitCode",
  });
});

Deno.test("a Process subclass that overrides run(), Python's way, is refused at construction", () => {
  const work = () => 1;
  class Worker extends Process {
    run(): number {
      return 2;
    }
  }
  // Python calls the override; here the target runs in another thread and run() would be
  // ignored without a word.
  assert.throws(() => new Worker({ target: work }), {
    name: "TypeError",
    message: /^Worker overrides run\(\), Python's way; .*\{ target, args, module \}/,
  });
  // A subclass that adds other members is fine.
  class Named extends Process {
    label(): string {
      return this.name;
    }
  }
  assert.equal(new Named({ target: work, name: "n" }).label(), "n");
});
