import assert from "node:assert/strict";
import { jit, KernelError, runParallel } from "../../lib/kernel/mod.ts";
import { PoolClosedError } from "../../lib/errors.ts";
import { Pool } from "../../lib/pool/mod.ts";
import { RandomState } from "../../lib/random/random_state.ts";
import { runCommand } from "../package/_run_deno.ts";

function shared(values: ArrayLike<number>): Float64Array {
  const array = new Float64Array(new SharedArrayBuffer(8 * values.length));
  array.set(values);
  return array;
}

/** The bits of each number, so that -0 against 0, or two NaN payloads, count as different. */
function bits(values: ArrayLike<number>): bigint[] {
  return [...new BigInt64Array(Float64Array.from(values).buffer)];
}

/** runParallel() without its types, to call it as a JavaScript caller could. */
const untypedRunParallel = runParallel as unknown as (...args: unknown[]) => Promise<unknown>;

const SIZES = [0, 1, 127, 128, 129, 1000, 100_003, 1_000_007];
const random = new RandomState(11);
// Magnitudes from 1 to 1e4, so that adding in another order would round otherwise.
const xs = shared(random.uniform(-1, 1, 1_000_007).map((v, i) => v * 10 ** ((i * 7) % 5)));
const ys = shared(random.uniform(0.5, 2, 1_000_007));
/** xs with NaN, +Infinity or both infinities at a few places. */
const SPECIALS: Record<string, Float64Array> = {
  finite: xs,
  nan: shared(xs.map((v, i) => (i % 100_001 === 77 ? NaN : v))),
  infinity: shared(xs.map((v, i) => (i % 50_000 === 3 ? Infinity : v))),
  "both infinities": shared(
    xs.map((v, i) => (i === 5 ? -Infinity : i % 400 === 200 ? Infinity : v)),
  ),
};
const reducers = {
  sum: jit((x: number, y: number) => x * y + 1 / y, { reduce: "sum" }),
  mean: jit((x: number, y: number) => x / y, { reduce: "mean" }),
  min: jit((x: number, y: number) => x - y, { reduce: "min" }),
  max: jit((x: number, y: number) => x * y, { reduce: "max" }),
};

/** Every reduction of every variant and size, as bits; one-thread results when `pool` is null. */
async function reduceAll(pool: Pool | null): Promise<Map<string, bigint>> {
  const results = new Map<string, bigint>();
  for (const [variant, x] of Object.entries(SPECIALS)) {
    for (const n of SIZES) {
      const args = [x.subarray(0, n), ys.subarray(0, n)] as const;
      for (const [name, kernel] of Object.entries(reducers)) {
        if (n === 0 && (name === "min" || name === "max")) continue;
        const value = pool === null ? kernel(...args) : await runParallel(pool, kernel, [...args]);
        results.set(`${name} of ${variant}, n ${n}`, bits([value])[0]!);
      }
    }
  }
  return results;
}

Deno.test("reductions over 1, 2 and 4 workers equal the one-thread reducer bit for bit, for awkward sizes, NaN and infinities", async () => {
  const expected = await reduceAll(null);
  for (const processes of [1, 2, 4]) {
    await using pool = new Pool({ processes });
    const actual = await reduceAll(pool);
    for (const [label, value] of expected) {
      assert.equal(actual.get(label), value, `${label}, ${processes} worker(s)`);
    }
  }
  // The cases must not be vacuous: some sums are NaN, some infinite, some finite.
  const sums = [...expected].filter(([label]) => label.startsWith("sum"));
  const values = sums.map(([, b]) => new Float64Array(new BigInt64Array([b]).buffer)[0]!);
  assert.ok(values.some(Number.isNaN) && values.some((v) => Math.abs(v) === Infinity));
  assert.ok(values.some((v) => Number.isFinite(v) && !Number.isInteger(v)));
});

Deno.test("sum, mean, min and max of no elements are the one-thread kernel's: 0, NaN and RangeErrors", async () => {
  await using pool = new Pool({ processes: 2 });
  const empty = [new Float64Array(0), 1] as const;
  assert.ok(Object.is(await runParallel(pool, reducers.sum, [...empty]), 0));
  assert.ok(Number.isNaN(await runParallel(pool, reducers.mean, [...empty])));
  for (const kernel of [reducers.min, reducers.max]) {
    assert.throws(() => kernel(...empty), RangeError);
    await assert.rejects(runParallel(pool, kernel, [...empty]), {
      name: "RangeError",
      message: /^runParallel\(\): zero-size array to reduction operation (minimum|maximum)/,
    });
  }
});

Deno.test("min and max keep the first of -0 and 0 and the first NaN, whatever the workers", async () => {
  const zeros = shared(Array.from({ length: 1001 }, (_, i) => (i < 400 ? 0 : i < 800 ? -0 : 1)));
  const signs = shared(zeros.map((_, i) => (i < 700 ? 1 : -1)));
  const cases = [
    jit((z: number, s: number) => z * s, { reduce: "min" }),
    jit((z: number, s: number) => -z * s, { reduce: "max" }),
    jit((z: number, s: number) => (z === 1 && s < 0 ? NaN : z), { reduce: "max" }),
  ];
  for (const processes of [1, 2, 4]) {
    await using pool = new Pool({ processes });
    for (const kernel of cases) {
      const expected = kernel(zeros, signs);
      const actual = await runParallel(pool, kernel, [zeros, signs]);
      assert.deepEqual(bits([actual]), bits([expected]), `${kernel.source}, ${processes}`);
    }
  }
});

Deno.test("elementwise kernels over several arrays and broadcast numbers equal the one-thread kernel", async () => {
  await using pool = new Pool({ processes: 4 });
  const n = 100_003;
  const wave = jit((t: number, omega: number, phase: number) => Math.cos(omega * t + phase));
  const t = xs.subarray(0, n);
  for (
    const args of [[t, 3, ys.subarray(0, n)], [t, ys.subarray(0, n), 0.5], [t, 2, -1]] as const
  ) {
    const out = await runParallel(pool, wave, [...args]);
    assert.ok(out.buffer instanceof SharedArrayBuffer);
    assert.deepEqual(bits(out), bits(wave(args[0], args[1], args[2])));
  }
  // Private arrays of other types are copied into shared memory, their values unchanged.
  const small = Int16Array.from({ length: 1000 }, (_, i) => i - 500);
  const halves = Float32Array.from({ length: 1000 }, (_, i) => i / 3);
  const mix = jit((a: number, b: number) => (a < 0 ? a * b : Math.sqrt(a) - b));
  assert.deepEqual(bits(await runParallel(pool, mix, [small, halves])), bits(mix(small, halves)));
  assert.equal(small[0], -500, "inputs are left as they were");
  // Fewer elements than workers, and the same array twice.
  const two = shared([4, 9]);
  assert.deepEqual(await runParallel(pool, mix, [two, two]), mix(two, two));
  assert.deepEqual(await runParallel(pool, mix, [new Float64Array(0), 1]), new Float64Array(0));
});

Deno.test("out may be an input itself, and an out overlapping an input elsewhere gets the one-thread answer", async () => {
  await using pool = new Pool({ processes: 2 });
  const shift = jit((a: number, b: number) => a + 10 * b);
  const values = Array.from({ length: 1001 }, (_, i) => i);
  const inPlace = shared(values);
  const expected = shift(inPlace, 2);
  assert.equal(await runParallel(pool, shift, [inPlace, 2], { out: inPlace }), inPlace);
  assert.deepEqual(inPlace, expected);
  // out starts one element after the input: each element must be read before it is overwritten.
  const memory = shared([...values, 0]);
  const reference = Float64Array.from([...values, 0]);
  shift(reference.subarray(0, 1001), 3, reference.subarray(1));
  const out = memory.subarray(1);
  assert.equal(await runParallel(pool, shift, [memory.subarray(0, 1001), 3], { out }), out);
  assert.deepEqual(memory, reference);
});

Deno.test("runParallel() refuses unequal lengths, private out, wrong arity and options that do not apply", async () => {
  await using pool = new Pool({ processes: 1 });
  const add = jit((a: number, b: number) => a + b);
  const a = shared([1, 2, 3]);
  await assert.rejects(runParallel(pool, add, [a, shared([1, 2])]), {
    name: "RangeError",
    message: /arrays of one length, received a of length 3 and b of length 2/,
  });
  await assert.rejects(runParallel(pool, add, [a, 1], { out: new Float64Array(3) }), {
    name: "TypeError",
    message: /over a private ArrayBuffer/,
  });
  await assert.rejects(runParallel(pool, add, [a, 1], { out: shared([0]) }), RangeError);
  await assert.rejects(
    untypedRunParallel(pool, add, [a, 1], { out: new Float32Array(3) }),
    TypeError,
  );
  await assert.rejects(untypedRunParallel(pool, add, [a]), {
    name: "TypeError",
    message: /expected 2 arguments \[a, b\] for the kernel, received 1/,
  });
  await assert.rejects(untypedRunParallel(pool, add, [a, 1, a]), TypeError);
  await assert.rejects(untypedRunParallel(pool, add, a), /arguments as an array \[a, b\]/);
  await assert.rejects(runParallel(pool, add, [1, 2]), /at least one array/);
  await assert.rejects(untypedRunParallel(pool, add, [[1, 2, 3], 1]), /Float64Array.from\(a\)/);
  await assert.rejects(
    untypedRunParallel(pool, add, [a, 1n]),
    /received a bigint|received bigint/,
  );
  await assert.rejects(untypedRunParallel(pool, add, [a, 1], { params: {} }), /takes no params/);
  await assert.rejects(
    untypedRunParallel(pool, add, [a, 1], { outt: a }),
    /unknown option 'outt'/,
  );
  const total = jit((v: number) => v, { reduce: "sum" });
  await assert.rejects(
    untypedRunParallel(pool, total, [a], { out: shared([0, 0, 0]) }),
    /no out for a kernel with reduce "sum"/,
  );
});

Deno.test("an invalid kernel fails on the main thread: jit() itself, and forged kernels", async () => {
  await using pool = new Pool({ processes: 1 });
  const a = shared([1, 2]);
  const offset = 3;
  assert.throws(() => jit((v: number) => v + offset), KernelError);
  const forge = (source: string, params: string[], reduce: unknown) =>
    Object.assign(() => 0, { source, params, reduce }) as never;
  await assert.rejects(
    runParallel(pool, forge("(v) => v + offset", ["v"], null), [a]),
    KernelError,
  );
  await assert.rejects(runParallel(pool, forge("(v) => {", ["v"], null), [a]), KernelError);
  await assert.rejects(
    runParallel(pool, forge("(v, w) => v * w", ["w", "v"], null), [a, a]),
    /params \(w,v\) are not its source's \(v, w\)/,
  );
  await assert.rejects(
    runParallel(pool, forge("(v) => v", ["v"], "median"), [a]),
    /expected a kernel made by jit\(\) or compile\(\)/,
  );
  // A genuine kernel still runs after the forged ones.
  assert.deepEqual(await runParallel(pool, jit((v: number) => -v), [a]), shared([-1, -2]));
});

/** Rejects with a TimeoutError if `promise` has not settled after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

Deno.test("a pool terminated mid-call rejects with PoolClosedError, and a closed pool refuses at once", async () => {
  const slow = jit((x: number, y: number) => Math.atan2(Math.sin(x), Math.cos(y)), {
    reduce: "sum",
  });
  {
    await using pool = new Pool({ processes: 2 });
    const call = runParallel(pool, slow, [xs, ys]);
    await pool.terminate();
    await assert.rejects(within(call, 30_000), PoolClosedError);
  }
  {
    await using pool = new Pool({ processes: 2 });
    // close() lets the tasks already sent finish, as Python's does.
    const call = runParallel(pool, slow, [xs, ys]);
    pool.close();
    assert.equal(await within(call, 60_000), slow(xs, ys));
    await assert.rejects(within(runParallel(pool, slow, [xs, ys]), 30_000), PoolClosedError);
  }
});

interface InfoModule {
  specifier: string;
  dependencies?: { code?: { specifier: string } }[];
}

Deno.test("the worker's task module reaches neither the JavaScript parser nor mathjs, even by dynamic import", async () => {
  const root = new URL("../../", import.meta.url);
  const outcome = await runCommand(["info", "--json", "lib/kernel/_parallel_jit_task.ts"], {
    cwd: decodeURIComponent(root.pathname),
    timeoutMs: 60_000,
  });
  assert.equal(outcome.code, 0, outcome.stderr);
  const info = JSON.parse(outcome.stdout) as { roots: string[]; modules: InfoModule[] };
  const bySpecifier = new Map(info.modules.map((module) => [module.specifier, module]));
  // Only code dependencies (static or dynamic) are loaded; type-only imports are erased.
  const loaded = new Set(info.roots);
  for (const specifier of loaded) {
    for (const dependency of bySpecifier.get(specifier)?.dependencies ?? []) {
      if (dependency.code !== undefined) loaded.add(dependency.code.specifier);
    }
  }
  const files = [...loaded].map((specifier) => specifier.replace(root.href, ""));
  assert.ok(files.includes("lib/kernel/_jit_loops.ts"), files.join("\n"));
  assert.deepEqual(files.filter((file) => !file.startsWith("lib/kernel/")), []);
  for (const file of ["_js_parser.ts", "_mathjs.ts"]) {
    assert.ok(!files.includes(`lib/kernel/${file}`), `${file} is loaded`);
  }
});

Deno.test("a pool of processes, which share no memory, refuses at once with a TypeError", async () => {
  await using pool = new Pool({ processes: 1, isolation: "process" });
  const total = jit((v: number) => v, { reduce: "sum" });
  await assert.rejects(within(runParallel(pool, total, [shared([1, 2, 3])]), 30_000), {
    name: "TypeError",
    message: /SharedArrayBuffer/,
  });
});

Deno.test("a pool-like object without a positive integer count of workers is refused, not left unwritten", async () => {
  await using pool = new Pool({ processes: 1 });
  const apply = pool.apply.bind(pool);
  const add = jit((a: number, b: number) => a + b);
  for (const processes of [0, -1, 1.5, NaN, "2"]) {
    await assert.rejects(
      runParallel({ processes, apply } as never, add, [shared([1]), 1]),
      /expected a pool whose processes is a positive integer/,
    );
  }
  assert.deepEqual(await runParallel({ processes: 3, apply }, add, [shared([1]), 1]), shared([2]));
});
