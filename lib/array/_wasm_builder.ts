/**
 * A minimal WebAssembly encoder for the transcendental kernels: expressions are byte arrays in
 * the stack machine's order, so `mul(get(x), get(x))` reads as the formula it computes. It knows
 * only the instructions the kernels use (128-bit SIMD with two f64 or i64 lanes, locals, one
 * loop). Private to `lib/array/`.
 *
 * Emitting the bytes here, rather than shipping a `.wasm` file, keeps the library free of a
 * build step and of tools at run time: the module is a few hundred bytes, built once per process.
 *
 * @module
 */

/** Encoded instructions that leave their values on the stack. */
export type Code = number[];

/** An unsigned LEB128 integer. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** A signed LEB128 integer (i32 range). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const simd = (op: number): Code => [0xfd, ...uleb(op)];
const join = (...parts: Code[]): Code => parts.flat();

const scratch = new DataView(new ArrayBuffer(16));

/** The 16 bytes of a v128 holding `bits` (little-endian) in both 64-bit lanes. */
function lanes(bits: bigint): number[] {
  scratch.setBigUint64(0, BigInt.asUintN(64, bits), true);
  scratch.setBigUint64(8, BigInt.asUintN(64, bits), true);
  return Array.from(new Uint8Array(scratch.buffer));
}

// Constants are read from locals set once before the loop: V8 builds a v128.const from two
// 64-bit immediates each time it meets one, which inside the loop cost more than the arithmetic.
// An expression names a constant by a negative entry, -1 - its index here; kernelModule swaps
// the entry for a local.get.
const constants: bigint[] = [];
const constantIndex = new Map<bigint, number>();

function constant(bits: bigint): Code {
  const key = BigInt.asUintN(64, bits);
  let index = constantIndex.get(key);
  if (index === undefined) {
    index = constants.push(key) - 1;
    constantIndex.set(key, index);
  }
  return [-1 - index];
}

/** Both lanes the double `x`. */
export function f64(x: number): Code {
  scratch.setFloat64(0, x, true);
  return constant(scratch.getBigUint64(0, true));
}

/** Both lanes the 64-bit integer `n` (two's complement). */
export function i64(n: bigint): Code {
  return constant(n);
}

/** `body` with its constants read from locals from `first` on, and the code that sets them. */
function poolConstants(body: Code, first: number): { code: Code; locals: number } {
  const local = new Map<number, number>();
  const prologue: Code = [];
  const code: Code = [];
  for (const entry of body) {
    if (entry >= 0) {
      code.push(entry);
      continue;
    }
    let index = local.get(entry);
    if (index === undefined) {
      index = first + local.size;
      local.set(entry, index);
      prologue.push(...simd(0x0c), ...lanes(constants[-1 - entry]!), 0x21, ...uleb(index));
    }
    code.push(0x20, ...uleb(index));
  }
  return { code: [...prologue, ...code], locals: local.size };
}

/** A local variable's value. */
export const get = (local: number): Code => [0x20, ...uleb(local)];
/** Stores `value` in a local. */
export const set = (local: number, value: Code): Code => [...value, 0x21, ...uleb(local)];

const binary = (op: number) => (a: Code, b: Code): Code => join(a, b, simd(op));
const unary = (op: number) => (a: Code): Code => join(a, simd(op));

/** Lanewise f64 arithmetic. */
export const add = binary(0xf0), sub = binary(0xf1), mul = binary(0xf2), div = binary(0xf3);
/** Lanewise f64 absolute value. */
export const abs = unary(0xec);
/** Lanewise f64 comparisons: all ones where true, zeros where false (false for NaN). */
export const eq = binary(0x47), gt = binary(0x4a), le = binary(0x4b), ge = binary(0x4c);
/** Bitwise operations on the whole 128 bits. */
export const and = binary(0x4e), or = binary(0x50), xor = binary(0x51);
/** Bits of `a` where `mask` is 1, of `b` where it is 0. */
export const select = (a: Code, b: Code, mask: Code): Code => join(a, b, mask, simd(0x52));
/** Lanewise 64-bit integer arithmetic and signed comparison. */
export const iadd = binary(0xce), isub = binary(0xd1), ieq = binary(0xd6), igt = binary(0xd9);
/** Lanewise 64-bit shifts by a constant count: left, arithmetic right, logical right. */
export const shl = (a: Code, n: number): Code => join(a, [0x41, ...sleb(n)], simd(0xcb));
export const sar = (a: Code, n: number): Code => join(a, [0x41, ...sleb(n)], simd(0xcc));
export const shr = (a: Code, n: number): Code => join(a, [0x41, ...sleb(n)], simd(0xcd));

/**
 * `a * b + c` lanewise: `f64x2.relaxed_madd` when `fused` (one rounding where the machine has
 * FMA, two where it does not: use it only where either is within the error budget), else a
 * multiply and an add.
 */
export const madd = (a: Code, b: Code, c: Code, fused: boolean): Code =>
  fused ? join(a, b, c, simd(0x107)) : add(mul(a, b), c);

/**
 * The i32 byte offset `((v[lane] >>> shift) & mask) << scale` of 64-bit lane `lane` of `v`,
 * computed with scalar instructions: they run beside the vector arithmetic, not in its units.
 */
export const laneOffset = (
  v: Code,
  lane: number,
  { shift, mask, scale }: { shift: number; mask: number; scale: number },
): Code =>
  join(
    v,
    simd(0x1d), // i64x2.extract_lane
    [lane],
    shift > 0 ? [0x42, ...sleb(shift), 0x88] : [], // i64.shr_u
    [0xa7, 0x41, ...sleb(mask), 0x71], // i32.wrap_i64, i32.and
    scale > 0 ? [0x41, ...sleb(scale), 0x74] : [], // i32.shl
  );
/** The 16 bytes at i32 address `address` plus `offset`. */
export const load = (address: Code, offset: number): Code =>
  join(address, simd(0x00), [0x03, ...uleb(offset)]);
/** `v` with 64-bit lane `lane` replaced by the 8 bytes at `address` plus `offset`. */
export const loadLane = (address: Code, offset: number, v: Code, lane: number): Code =>
  join(address, v, simd(0x57), [0x03, ...uleb(offset), lane]);
/** The 64-bit lanes `a[i]` and `b[j]`, as one vector (i, j: 0 or 1). */
export const pick = (a: Code, i: number, b: Code, j: number): Code => {
  const bytes = (first: number) => Array.from({ length: 8 }, (_, n) => first + n);
  return join(a, b, simd(0x0d), bytes(8 * i), bytes(16 + 8 * j));
};

/** The i32 parameters and v128 locals of a kernel `(start: i32, end: i32) => i32`. */
export const START = 0, END = 1;

/**
 * A kernel's body: for each 16-byte pair of doubles in memory from `start` to `end`, load it into
 * local `x` (2), run `step`, store local `result` in its place and local `bad` (a lane mask)
 * `flagOffset` bytes further on, and or `bad` into local `flags` (3): the function returns
 * whether any lane was flagged. Locals from 2 on are v128.
 */
export function pairLoop(step: Code, result: number, bad: number, flagOffset: number): Code {
  const x = 2, flags = 3;
  return join(
    [0x02, 0x40, 0x03, 0x40], // block, loop
    get(START),
    get(END),
    [0x4f, 0x0d, 0x01], // i32.ge_u, br_if 1 (out of the block)
    set(x, join(get(START), simd(0x00), [0x03, 0x00])), // v128.load align=8
    step,
    join(get(START), get(result), simd(0x0b), [0x03, 0x00]), // v128.store align=8
    join(get(START), get(bad), simd(0x0b), [0x03, ...uleb(flagOffset)]),
    set(flags, or(get(flags), get(bad))),
    set(START, join(get(START), [0x41, 16, 0x6a])), // start += 16
    [0x0c, 0x00, 0x0b, 0x0b], // br 0, end loop, end block
    get(flags),
    simd(0x53), // v128.any_true
  );
}

/** One vector's computation in {@linkcode quadLoop}: its code, and the locals it leaves. */
export interface Step {
  code: Code;
  /** The local holding the results. */
  result: number;
  /** The local holding the lane mask of arguments left to the caller. */
  bad: number;
}

/**
 * A kernel's body over 32 bytes (four doubles) per iteration from `start` to `end`: `step` is
 * emitted twice, for the two vectors, on v128 locals from the `first` it is given and i32 locals
 * from `address` on, so that their independent chains overlap; each uses `locals` v128 and
 * `addresses` i32 locals. The function returns whether any lane was flagged (the caller finds
 * which from the arguments). Returns the body and its counts of locals.
 */
export function quadLoop(
  step: (x: number, first: number, address: number) => Step,
  locals: number,
  addresses: number,
): { body: Code; locals: number; addresses: number } {
  // The i32 locals come right after the parameters, the v128 ones after them.
  const flags = 2 + 2 * addresses, x0 = flags + 1, x1 = flags + 2;
  const a = step(x0, flags + 3, 2), b = step(x1, flags + 3 + locals, 2 + addresses);
  const store = (offset: number, value: number): Code =>
    join(get(START), get(value), simd(0x0b), [0x03, ...uleb(offset)]);
  const body = join(
    [0x02, 0x40, 0x03, 0x40], // block, loop
    get(START),
    get(END),
    [0x4f, 0x0d, 0x01], // i32.ge_u, br_if 1 (out of the block)
    set(x0, load(get(START), 0)),
    set(x1, load(get(START), 16)),
    a.code,
    b.code,
    store(0, a.result),
    store(16, b.result),
    set(flags, or(get(flags), or(get(a.bad), get(b.bad)))),
    set(START, join(get(START), [0x41, 32, 0x6a])), // start += 32
    [0x0c, 0x00, 0x0b, 0x0b], // br 0, end loop, end block
    get(flags),
    simd(0x53), // v128.any_true
  );
  return { body, locals: 3 + 2 * locals, addresses: 2 * addresses };
}

/** A section: id, then its content's size and the content. */
const section = (id: number, content: Code): Code => [id, ...uleb(content.length), ...content];
const name = (text: string): Code => {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...uleb(bytes.length), ...bytes];
};

/**
 * A module exporting one page of memory as `memory` and each kernel under its name, every kernel
 * of type `(start: i32, end: i32) => i32` with `addresses` i32 locals (none if absent) after its
 * parameters, then `locals` v128 locals.
 */
export function kernelModule(
  kernels: { name: string; locals: number; addresses?: number; body: Code }[],
): Uint8Array<ArrayBuffer> {
  const type = section(1, [1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f]);
  const funcs = section(3, [...uleb(kernels.length), ...kernels.map(() => 0)]);
  const memory = section(5, [1, 0x00, 1]);
  const exports = section(
    7,
    join(
      uleb(kernels.length + 1),
      name("memory"),
      [0x02, 0],
      ...kernels.map((k, i) => join(name(k.name), [0x00, ...uleb(i)])),
    ),
  );
  const bodies = kernels.map((k) => {
    const addresses = k.addresses ?? 0;
    const pooled = poolConstants(k.body, 2 + addresses + k.locals);
    const vectors = [...uleb(k.locals + pooled.locals), 0x7b];
    const declared = addresses > 0 ? [2, ...uleb(addresses), 0x7f, ...vectors] : [1, ...vectors];
    const body = join(declared, pooled.code, [0x0b]);
    return [...uleb(body.length), ...body];
  });
  const code = section(10, join(uleb(kernels.length), ...bodies));
  return new Uint8Array(
    join([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0], type, funcs, memory, exports, code),
  );
}
