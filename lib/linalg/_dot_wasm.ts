/**
 * The WebAssembly SIMD (f64x2) kernels behind `dot`, as module bytes generated with the assembler
 * in `_wasm_emit.ts` (no toolchain, nothing to fetch). `dot.ts` instantiates the module and
 * copies operands in and out.
 *
 * @module
 */
import { encodeModule, F64, FunctionBody, I32, Op, Simd, V128 } from "./_wasm_emit.ts";
import type { ValueType } from "./_wasm_emit.ts";

/** A register block of C is 3 rows × 6 columns: 9 f64x2 sums, which with 3 B vectors and a splat
 * of A fit the xmm registers V8 allocates; 4×6 and 3×8 spill and ran 100×100 at half speed. */
const BLOCK_ROWS = 3;
const BLOCK_VECTORS = 3;
/** k steps per loop iteration, to spread the loop's own work: 100×100 in 4×4 blocks took 110 µs
 * without unrolling, 78 with it; 3×6 blocks unrolled by 2 took 84. */
const UNROLL = 4;

/** The f64x2 (or f64) locals of one register block. */
type BlockRegisters = { sums: number[]; bVecs: number[]; aSplat: number };

/** Emits `matmul(a, b, c, m, k, n)`: C (m×n) = A (m×k) · B (k×n), row-major, byte addresses. */
class MatmulEmitter {
  readonly f: FunctionBody = new FunctionBody(6);
  readonly #pools = new Map<ValueType, number[]>();
  readonly #i32 = (): number => this.f.local(I32);
  readonly aRow = this.#i32();
  readonly cRow = this.#i32();
  readonly bCol = this.#i32();
  readonly cCol = this.#i32();
  readonly aPtr = this.#i32();
  readonly bPtr = this.#i32();
  readonly aEnd = this.#i32();
  readonly aEndUnrolled = this.#i32();
  readonly strideA = this.#i32();
  readonly strideB = this.#i32();
  readonly rowsLeft = this.#i32();
  readonly colsLeft = this.#i32();
  /** r·strideA, r·strideB: A and C rows r below the block's first. */
  readonly rowOffsetA: number[] = [];
  readonly rowOffsetC: number[] = [];
  /** The address of A[row r of the block, p], refreshed each loop iteration. */
  readonly aRowPtr: number[] = [];

  /** `fused`: one relaxed multiply-add per product instead of a multiply then an add. */
  constructor(readonly fused: boolean) {}

  /** Locals of one type shared by every block (blocks never run at the same time). */
  #take(type: ValueType, count: number): number[] {
    const pool = this.#pools.get(type) ?? [];
    while (pool.length < count) pool.push(this.f.local(type));
    this.#pools.set(type, pool);
    return pool.slice(0, count);
  }

  /** `steps` k steps per iteration until `aPtr` reaches `end` (k ascending for every sum). */
  #kLoop(rows: number, lanes: 1 | 2, steps: number, end: number, regs: BlockRegisters): void {
    const f = this.f, vector = lanes === 2, { sums, bVecs, aSplat } = regs;
    f.emit(Op.block, 0x40).get(this.aPtr).get(end).emit(Op.i32Eq, Op.brIf, 0, Op.loop, 0x40);
    for (let r = 1; r < rows; r++) {
      f.get(this.aPtr).get(this.rowOffsetA[r]!).emit(Op.i32Add).set(this.aRowPtr[r]!);
    }
    for (let step = 0; step < steps; step++) {
      bVecs.forEach((b, v) => {
        f.get(this.bPtr);
        (vector ? f.memory(Simd.load, 4, 16 * v, true) : f.memory(Op.f64Load, 3, 0)).set(b);
      });
      f.addTo(this.bPtr, () => f.get(this.strideB));
      for (let r = 0; r < rows; r++) {
        f.get(r === 0 ? this.aPtr : this.aRowPtr[r]!);
        (vector ? f.memory(Simd.load64Splat, 3, 8 * step, true) : f.memory(Op.f64Load, 3, 8 * step))
          .set(aSplat);
        bVecs.forEach((b, v) => {
          const sum = sums[r * bVecs.length + v]!;
          if (vector && this.fused) f.get(aSplat).get(b).get(sum).simd(Simd.f64x2RelaxedMadd);
          else if (vector) f.get(sum).get(aSplat).get(b).simd(Simd.f64x2Mul).simd(Simd.f64x2Add);
          else f.get(sum).get(aSplat).get(b).emit(Op.f64Mul, Op.f64Add);
          f.set(sum);
        });
      }
    }
    f.addTo(this.aPtr, () => f.i32(8 * steps));
    f.get(this.aPtr).get(end).emit(Op.i32Ne, Op.brIf, 0, Op.end, Op.end);
  }

  /** C[rows × 2·vectors] at (cCol) = A rows at (aRow) · B columns at (bCol), held in registers.
   * `lanes` 1 is the odd last column, in scalar f64. */
  #block(rows: number, vectors: number, lanes: 1 | 2): void {
    const f = this.f, vector = lanes === 2;
    const [aSplat, ...rest] = this.#take(vector ? V128 : F64, 1 + rows * vectors + vectors);
    const sums = rest.slice(0, rows * vectors);
    const regs = { aSplat: aSplat!, sums, bVecs: rest.slice(rows * vectors) };
    const zero = new Array<number>(vector ? 16 : 8).fill(0);
    for (const sum of sums) {
      (vector ? f.simd(Simd.const, ...zero) : f.emit(Op.f64Const, ...zero)).set(sum);
    }
    f.get(this.aRow).set(this.aPtr).get(this.bCol).set(this.bPtr);
    f.get(this.aRow).get(this.strideA).emit(Op.i32Add).set(this.aEnd);
    f.get(this.aRow).get(this.strideA).i32(-8 * UNROLL).emit(Op.i32And, Op.i32Add);
    f.set(this.aEndUnrolled);
    if (vector) this.#kLoop(rows, lanes, UNROLL, this.aEndUnrolled, regs);
    this.#kLoop(rows, lanes, 1, this.aEnd, regs);
    for (let r = 0; r < rows; r++) {
      sums.slice(r * vectors, (r + 1) * vectors).forEach((sum, v) => {
        f.get(this.cCol);
        if (r > 0) f.get(this.rowOffsetC[r]!).emit(Op.i32Add);
        f.get(sum);
        if (vector) f.memory(Simd.store, 4, 16 * v, true);
        else f.memory(Op.f64Store, 3, 0);
      });
    }
  }

  /** One band of `rows` rows of C, left to right; the last columns go two (then one) at a time.
   * Few block shapes keep the module under 4 KB, which older Chrome compiles synchronously. */
  #band(rows: number): void {
    const f = this.f;
    f.get(1).set(this.bCol).get(this.cRow).set(this.cCol).get(5).set(this.colsLeft);
    const next = (columns: number): void => {
      f.addTo(this.bCol, () => f.i32(8 * columns)).addTo(this.cCol, () => f.i32(8 * columns));
      f.addTo(this.colsLeft, () => f.i32(-columns));
    };
    f.whileNot(() => f.get(this.colsLeft).i32(2 * BLOCK_VECTORS).emit(Op.i32LtU), () => {
      this.#block(rows, BLOCK_VECTORS, 2);
      next(2 * BLOCK_VECTORS);
    });
    f.whileNot(() => f.get(this.colsLeft).i32(2).emit(Op.i32LtU), () => {
      this.#block(rows, 1, 2);
      next(2);
    });
    f.when(() => f.get(this.colsLeft), () => this.#block(rows, 1, 1));
  }

  /** The function body: bands of {@linkcode BLOCK_ROWS} rows, then single rows. */
  build(): FunctionBody {
    const f = this.f;
    f.get(4).i32(3).emit(Op.i32Shl).set(this.strideA);
    f.get(5).i32(3).emit(Op.i32Shl).set(this.strideB);
    for (let r = 0; r <= BLOCK_ROWS; r++) {
      for (const locals of [this.rowOffsetA, this.rowOffsetC, this.aRowPtr]) {
        locals.push(this.#i32());
      }
      f.get(this.strideA).i32(r).emit(Op.i32Mul).set(this.rowOffsetA[r]!);
      f.get(this.strideB).i32(r).emit(Op.i32Mul).set(this.rowOffsetC[r]!);
    }
    f.get(0).set(this.aRow).get(2).set(this.cRow).get(3).set(this.rowsLeft);
    for (const rows of [BLOCK_ROWS, 1]) {
      f.whileNot(() => f.get(this.rowsLeft).i32(rows).emit(Op.i32LtU), () => {
        this.#band(rows);
        f.addTo(this.aRow, () => f.get(this.rowOffsetA[rows]!));
        f.addTo(this.cRow, () => f.get(this.rowOffsetC[rows]!));
        f.addTo(this.rowsLeft, () => f.i32(-rows));
      });
    }
    return f;
  }
}

/** `dotv(a, b, n)`: Σ a[i]·b[i] in four f64x2 sums (to hide the add latency) combined lane by
 * lane, then the two lanes, then the scalar tail; `jsKernels.dotv` sums in the same order. */
function dotvBody(): FunctionBody {
  const f = new FunctionBody(3);
  const [a, b, n] = [0, 1, 2];
  const sums = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const [blockEnd, end, total] = [f.local(I32), f.local(I32), f.local(F64)];
  f.get(a).get(n).i32(3).emit(Op.i32Shl, Op.i32Add).set(end);
  f.get(a).get(n).i32(-8).emit(Op.i32And).i32(3).emit(Op.i32Shl, Op.i32Add).set(blockEnd);
  f.whileNot(() => f.get(a).get(blockEnd).emit(Op.i32Eq), () => {
    sums.forEach((sum, v) => {
      f.get(sum).get(a).memory(Simd.load, 4, 16 * v, true);
      f.get(b).memory(Simd.load, 4, 16 * v, true).simd(Simd.f64x2Mul).simd(Simd.f64x2Add).set(sum);
    });
    f.addTo(a, () => f.i32(64)).addTo(b, () => f.i32(64));
  });
  f.get(sums[0]!).get(sums[1]!).simd(Simd.f64x2Add).get(sums[2]!).get(sums[3]!).simd(Simd.f64x2Add);
  f.simd(Simd.f64x2Add).set(sums[0]!);
  f.get(sums[0]!).simd(Simd.f64x2ExtractLane, 0).get(sums[0]!).simd(Simd.f64x2ExtractLane, 1);
  f.emit(Op.f64Add).set(total);
  f.whileNot(() => f.get(a).get(end).emit(Op.i32Eq), () => {
    f.get(total).get(a).memory(Op.f64Load, 3, 0).get(b).memory(Op.f64Load, 3, 0);
    f.emit(Op.f64Mul, Op.f64Add).set(total);
    f.addTo(a, () => f.i32(8)).addTo(b, () => f.i32(8));
  });
  return f.get(total);
}

/** `matvec(a, x, y, m, k)`: y[i] = dotv(row i of A, x, k). */
function matvecBody(): FunctionBody {
  const f = new FunctionBody(5);
  const [a, x, y, m, k] = [0, 1, 2, 3, 4];
  const end = f.local(I32);
  f.get(y).get(m).i32(3).emit(Op.i32Shl, Op.i32Add).set(end);
  return f.whileNot(() => f.get(y).get(end).emit(Op.i32Eq), () => {
    f.get(y).get(a).get(x).get(k).emit(Op.call, 0).memory(Op.f64Store, 3, 0);
    f.addTo(a, () => f.get(k).i32(3).emit(Op.i32Shl)).addTo(y, () => f.i32(8));
  });
}

/**
 * The kernel module. It exports its `memory` and, with byte addresses into it and row-major
 * operands, `dotv(a, b, n) → f64` (Σ a[i]·b[i]), `matvec(a, x, y, m, k)` (y = A·x, A m×k) and
 * `matmul(a, b, c, m, k, n)` (C = A·B, A m×k, B k×n). `fused` makes matmul use relaxed SIMD's
 * multiply-add (one FMA on x64 and arm64: 100×100 took 78 µs instead of 96); engines without
 * relaxed SIMD, or without SIMD, fail `WebAssembly.validate` on the module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const wasm = new WebAssembly.Instance(new WebAssembly.Module(dotModuleBytes(false))).exports;
 * new Float64Array((wasm.memory as WebAssembly.Memory).buffer).set([1, 2, 3, 4]);
 * assert.equal((wasm.dotv as (a: number, b: number, n: number) => number)(0, 16, 2), 11);
 * ```
 */
export function dotModuleBytes(fused: boolean): Uint8Array<ArrayBuffer> {
  const i32s = (count: number): typeof I32[] => new Array(count).fill(I32);
  return encodeModule(1, [
    { name: "dotv", params: i32s(3), results: [F64], body: dotvBody() },
    { name: "matvec", params: i32s(5), results: [], body: matvecBody() },
    { name: "matmul", params: i32s(6), results: [], body: new MatmulEmitter(fused).build() },
  ]);
}
