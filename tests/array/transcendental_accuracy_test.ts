/**
 * sin, cos, exp and log against their correctly rounded values (mpmath with 256 bits, through
 * tests/array/golden/transcendental_reference.py) on seeded inputs across each domain: within
 * 1 ulp wherever the WebAssembly kernels compute, and exactly `Math.*`'s value where they hand
 * over. Skipped, saying why, when python3 with mpmath is missing.
 */
import assert from "node:assert/strict";
import { cos, exp, log, sin } from "../../lib/array/unary.ts";
import { compilableVariants, kernelVariant, useKernels } from "../../lib/array/_transcendental.ts";
import { ulpDistance } from "./_floats.ts";

const REFERENCE = new URL("./golden/transcendental_reference.py", import.meta.url).pathname;

function hasMpmath(): boolean {
  try {
    const probe = new Deno.Command("python3", { args: ["-c", "import mpmath"] }).outputSync();
    return probe.success;
  } catch {
    return false;
  }
}
const ignore = !hasMpmath();
if (ignore) console.warn("transcendental_accuracy_test: python3 with mpmath not found, skipped");

/** The correctly rounded values from the Python script, which gets 60 s at most. */
async function correctlyRounded(name: string, xs: Float64Array): Promise<Float64Array> {
  const child = new Deno.Command("python3", {
    args: [REFERENCE, name],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new Uint8Array(xs.buffer, xs.byteOffset, xs.byteLength));
  await writer.close();
  const { success, stdout, stderr } = await child.output();
  assert.ok(success, `reference script failed: ${new TextDecoder().decode(stderr)}`);
  return new Float64Array(stdout.slice().buffer);
}

/** A seeded generator (splitmix64) of doubles in several shapes. */
function generator(seed: bigint) {
  let state = seed;
  const next = (): bigint => {
    state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
    let z = state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  };
  const cell = new Float64Array(1), bits = new BigUint64Array(cell.buffer);
  const unit = (): number => Number(next() >> 11n) / 2 ** 53;
  return {
    /** Uniform in [lo, hi). */
    uniform: (lo: number, hi: number): number => lo + (hi - lo) * unit(),
    /** |x| = 2^e, e uniform in [lo, hi), with a random sign. */
    logUniform: (lo: number, hi: number): number =>
      (unit() < 0.5 ? -1 : 1) * 2 ** (lo + (hi - lo) * unit()),
    /** Any double, NaNs and infinities included. */
    anyBits: (): number => {
      bits[0] = next();
      return cell[0]!;
    },
    /** `x` moved by up to `ulps` doubles either way. */
    near: (x: number, ulps: number): number => {
      cell[0] = x;
      bits[0] = BigInt.asUintN(64, bits[0]! + BigInt(Math.floor((unit() * 2 - 1) * ulps)));
      return cell[0]!;
    },
    unit,
  };
}

type Gen = ReturnType<typeof generator>;

/** n inputs, `shapes` taking turns. */
function inputs(n: number, shapes: (() => number)[], edges: number[]): Float64Array {
  const xs = new Float64Array(n + edges.length);
  for (let i = 0; i < n; i++) xs[i] = shapes[i % shapes.length]!();
  xs.set(edges, n);
  return xs;
}

const EDGES = [0, -0, 5e-324, -5e-324, 2 ** -1022, -(2 ** -1022), NaN, Infinity, -Infinity];
const trigInputs = (g: Gen): Float64Array =>
  inputs(40_000, [
    () => g.uniform(-10, 10),
    () => g.logUniform(-1074, 20),
    () => g.uniform(-(2 ** 20), 2 ** 20),
    // Near multiples of π/2, where reduction cancels the most bits.
    () => g.near(Math.round(g.uniform(-667_000, 667_000)) * Math.PI / 2, 4),
    // Nearer than most but far enough for the kernel's single round (cancelling up to 16 bits).
    () => Math.round(g.uniform(-1000, 1000)) * Math.PI / 2 + g.logUniform(-20, -2),
    () => g.logUniform(20, 1024),
    () => g.anyBits(),
  ], [...EDGES, 2 ** 20, -(2 ** 20), 2 ** 20 + 1, Math.PI, Math.PI / 2, 1e22, Number.MAX_VALUE]);

const CASES = {
  sin: { f: sin, math: Math.sin, xs: trigInputs },
  cos: { f: cos, math: Math.cos, xs: trigInputs },
  exp: {
    f: exp,
    math: Math.exp,
    xs: (g: Gen) =>
      inputs(40_000, [
        () => g.uniform(-708, 708),
        () => g.uniform(-1, 1),
        () => g.logUniform(-1074, 10),
        () => g.near(g.unit() < 0.5 ? 708 : -708, 1e12),
        () => g.uniform(-760, 720),
        () => g.anyBits(),
        // Near halfway between two multiples of ln 2/128, where the kernel's k rounds either way.
        () => g.near((Math.round(g.uniform(-130_000, 130_000)) + 0.5) * Math.LN2 / 128, 8),
      ], [...EDGES, 708, -708, 709.782712893384, 709.79, -745.13321910194, -745.14, 1, -1]),
  },
  log: {
    f: log,
    math: Math.log,
    xs: (g: Gen) =>
      inputs(40_000, [
        () => Math.abs(g.logUniform(-1074, 1024)),
        () => g.uniform(0.5, 2),
        () => g.near(1, 1e6),
        () => Math.abs(g.logUniform(-1022, -1021)),
        () => g.anyBits(),
        // Near halfway between two of the kernel's table points c (significands 1 + i/128),
        // where c rounds either way, in any binade; and near the ends of [0.6875, 1.375).
        () =>
          g.near(
            2 ** Math.round(g.uniform(-1020, 1020)) *
              (1 + (Math.floor(g.unit() * 128) + 0.5) / 128),
            8,
          ),
        () =>
          g.near(2 ** Math.round(g.uniform(-1020, 1020)) * (g.unit() < 0.5 ? 0.6875 : 1.375), 8),
      ], [...EDGES, 1, 2, 0.5, Math.SQRT2, Math.SQRT1_2, Number.MAX_VALUE, -1, Math.E]),
  },
};

const COVERED = {
  sin: (x: number) => Math.abs(x) <= 2 ** 20,
  cos: (x: number) => Math.abs(x) <= 2 ** 20,
  exp: (x: number) => Math.abs(x) <= 708,
  log: (x: number) => x >= 2 ** -1022 && x <= Number.MAX_VALUE,
};

/**
 * `name` of each of `xs` by the `variant` kernels in a child Deno whose V8 does not use FMA, so
 * that relaxed SIMD's multiply-add rounds twice there: as on a machine without FMA.
 */
async function withoutFma(name: string, variant: string, xs: Float64Array): Promise<Float64Array> {
  const script = `
    const { useKernels, kernelVariant } = await import(${JSON.stringify(TRANSCENDENTAL)});
    const unary = await import(${JSON.stringify(UNARY)});
    if (!useKernels(${JSON.stringify(variant)})) throw new Error("no " + ${
    JSON.stringify(variant)
  });
    const input = new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
    const ys = unary[${JSON.stringify(name)}](new Float64Array(input.buffer));
    const out = Deno.stdout.writable.getWriter(); // writes all of it, where write() may not
    await out.write(new Uint8Array(ys.buffer));
    await out.close();
  `;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-check", "--v8-flags=--no-enable-fma3", script],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new Uint8Array(xs.buffer, xs.byteOffset, xs.byteLength));
  await writer.close();
  const { success, stdout, stderr } = await child.output();
  assert.ok(success, `child failed: ${new TextDecoder().decode(stderr)}`);
  return new Float64Array(stdout.slice().buffer);
}
const TRANSCENDENTAL = new URL("../../lib/array/_transcendental.ts", import.meta.url).href;
const UNARY = new URL("../../lib/array/unary.ts", import.meta.url).href;

/** Each function's inputs and correctly rounded values, computed once for both variants. */
const references = new Map<string, Promise<{ xs: Float64Array; expected: Float64Array }>>();
function reference(name: string, make: (g: Gen) => Float64Array) {
  let entry = references.get(name);
  if (entry === undefined) {
    const xs = make(generator(20n));
    entry = correctlyRounded(name, xs).then((expected) => ({ xs, expected }));
    references.set(name, entry);
  }
  return entry;
}

const compiled = compilableVariants();
// Both modules: relaxed SIMD's multiply-add rounds once here (FMA), the plain one twice, as a
// machine without FMA rounds the relaxed one.
// And the fused module again in a V8 told not to use FMA.
const RUNS = [["fused", true], ["plain", true], ["fused", false]] as const;
for (
  const [[variant, fma], [name, { f, math, xs: make }]] of RUNS.flatMap((run) =>
    Object.entries(CASES).map((entry) => [run, entry] as const)
  )
) {
  Deno.test({
    name: `${name} (${variant} kernels${fma ? "" : ", V8 without FMA"}) is within 1 ulp of the ` +
      `correctly rounded value, and Math.${name} outside the kernel's range`,
    ignore: ignore || !compiled.includes(variant),
    async fn() {
      const { xs, expected } = await reference(name, make);
      let actual: Float64Array;
      if (fma) {
        useKernels(variant);
        assert.equal(kernelVariant(), variant);
        actual = f(xs);
      } else {
        actual = await withoutFma(name, variant, xs);
      }
      const covered = COVERED[name as keyof typeof COVERED];
      let exact = 0, kernelLanes = 0;
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i]!, got = actual[i]!;
        if (!covered(x)) {
          assert.ok(Object.is(got, math(x)), `${name}(${x}) = ${got}, Math.${name} ${math(x)}`);
          continue;
        }
        kernelLanes++;
        const distance = ulpDistance(got, expected[i]!);
        if (distance === 0) exact++;
        assert.ok(
          distance <= 1,
          `${name}(${x}) = ${got}, correctly rounded ${expected[i]} (${distance} ulps)`,
        );
      }
      // Most lanes must be the kernel's, or the test proves nothing about it; and the kernels
      // round correctly nearly always (here 99.4% for sin and cos, 99.9% for exp and log).
      assert.ok(kernelLanes > xs.length / 2, `only ${kernelLanes} of ${xs.length} in range`);
      assert.ok(exact > kernelLanes * 0.99, `only ${exact} of ${kernelLanes} correctly rounded`);
    },
  });
}
