/**
 * A tiny WebAssembly assembler: just enough of the binary format (MVP plus the fixed-width SIMD
 * proposal) to write the `dot` kernels in TypeScript, because no wasm toolchain is available
 * offline and the package must stay plain source that works when imported by URL.
 *
 * @module
 */

/** Value types, by their binary encoding. */
export const I32 = 0x7f;
/** 64-bit float. */
export const F64 = 0x7c;
/** 128-bit SIMD vector. */
export const V128 = 0x7b;
/** One of {@linkcode I32}, {@linkcode F64} or {@linkcode V128}. */
export type ValueType = typeof I32 | typeof F64 | typeof V128;

/** Plain one-byte opcodes used by the kernels. */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  localGet: 0x20,
  localSet: 0x21,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Shl: 0x74,
  f64Add: 0xa0,
  f64Mul: 0xa2,
} as const;

/** SIMD opcodes (each follows the 0xfd prefix as an unsigned LEB128). */
export const Simd = {
  load: 0x00,
  load64Splat: 0x0a,
  store: 0x0b,
  const: 0x0c,
  f64x2ExtractLane: 0x21,
  f64x2Add: 0xf0,
  f64x2Mul: 0xf2,
  /** Relaxed SIMD `a·b + c`: one fused multiply-add where the CPU has FMA. */
  f64x2RelaxedMadd: 0x107,
} as const;

/** Unsigned LEB128, the binary format's encoding of sizes, indices and offsets. */
export function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** Signed LEB128, the encoding of `i32.const` immediates. */
export function signedLeb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A function body under construction: parameters come first in the local index space. */
export class FunctionBody {
  /** The instruction bytes so far. */
  readonly code: number[] = [];
  readonly #params: number;
  readonly #locals: ValueType[] = [];

  /** A body for a function with `params` parameters. */
  constructor(params: number) {
    this.#params = params;
  }

  /** Declares a new local and returns its index. */
  local(type: ValueType): number {
    this.#locals.push(type);
    return this.#params + this.#locals.length - 1;
  }

  /** Appends raw bytes (an opcode and its immediates). */
  emit(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }

  /** `local.get`. */
  get(index: number): this {
    return this.emit(Op.localGet, ...unsignedLeb(index));
  }

  /** `local.set`. */
  set(index: number): this {
    return this.emit(Op.localSet, ...unsignedLeb(index));
  }

  /** `i32.const`. */
  i32(value: number): this {
    return this.emit(Op.i32Const, ...signedLeb(value));
  }

  /** A SIMD instruction, with its immediates. */
  simd(opcode: number, ...immediates: number[]): this {
    return this.emit(0xfd, ...unsignedLeb(opcode), ...immediates);
  }

  /** A memory access: `opcode` then alignment (log2) and a constant byte offset. */
  memory(opcode: number, alignLog2: number, offset: number, simd = false): this {
    const immediates = [...unsignedLeb(alignLog2), ...unsignedLeb(offset)];
    return simd ? this.simd(opcode, ...immediates) : this.emit(opcode, ...immediates);
  }

  /** `while (!exitTest) body`: `exitTest` pushes an i32, non-zero to leave the loop. */
  whileNot(exitTest: () => void, body: () => void): this {
    this.emit(Op.block, 0x40, Op.loop, 0x40);
    exitTest();
    this.emit(Op.brIf, 1);
    body();
    return this.emit(Op.br, 0, Op.end, Op.end);
  }

  /** `if (test) body`: `test` pushes an i32. */
  when(test: () => void, body: () => void): this {
    test();
    this.emit(Op.if, 0x40);
    body();
    return this.emit(Op.end);
  }

  /** `local += (i32 pushed by push)`. */
  addTo(local: number, push: () => void): this {
    this.get(local);
    push();
    return this.emit(Op.i32Add).set(local);
  }

  /** The body's encoding: local declarations (run-length by type), code, `end`. */
  encode(): number[] {
    const runs: [number, ValueType][] = [];
    for (const type of this.#locals) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === type) last[0]++;
      else runs.push([1, type]);
    }
    const body = [...unsignedLeb(runs.length)];
    for (const [count, type] of runs) body.push(...unsignedLeb(count), type);
    body.push(...this.code, Op.end);
    return [...unsignedLeb(body.length), ...body];
  }
}

/** One function of a module: its export name, parameter and result types, and body. */
export interface FunctionSpec {
  name: string;
  params: ValueType[];
  results: ValueType[];
  body: FunctionBody;
}

const section = (id: number, contents: number[]): number[] => [
  id,
  ...unsignedLeb(contents.length),
  ...contents,
];
const vector = (items: number[][]): number[] => [...unsignedLeb(items.length), ...items.flat()];
const name = (text: string): number[] =>
  vector([...new TextEncoder().encode(text)].map((b) => [b]));
const signature = (f: FunctionSpec): number[] => [
  0x60,
  ...vector(f.params.map((t) => [t])),
  ...vector(f.results.map((t) => [t])),
];

/**
 * A module that defines one memory of `pages` initial 64 KiB pages, exported as `memory`, and
 * the given functions (function `i` has index `i`, for `call`), each exported by name.
 */
export function encodeModule(pages: number, functions: FunctionSpec[]): Uint8Array<ArrayBuffer> {
  const exports = functions.map((f, i) => [...name(f.name), 0x00, ...unsignedLeb(i)]);
  exports.push([...name("memory"), 0x02, 0]);
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vector(functions.map(signature))),
    ...section(3, vector(functions.map((_, i) => unsignedLeb(i)))), // function i has type i
    ...section(5, vector([[0x00, ...unsignedLeb(pages)]])), // no maximum: grows to the engine's limit
    ...section(7, vector(exports)),
    ...section(10, vector(functions.map((f) => f.body.encode()))),
  ]);
}
