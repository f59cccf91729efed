/**
 * A small row-major float64 matrix: the 2-D type of the math kit (numpy's 2-D `ndarray` of
 * `float64`, without views or strides).
 *
 * @module
 */
import type { NdArray } from "../random/random_state.ts";

function checkDim(what: string, value: number): number {
  if (Number.isSafeInteger(value) && value >= 0) return value;
  throw new RangeError(
    `new Matrix: expected ${what} to be a non-negative integer, received ${value}`,
  );
}

/**
 * A `rows × cols` matrix of float64 in row-major (C) order: element `(i, j)` is
 * `data[i * cols + j]`. Made with `new Matrix(rows, cols, data?)` (zeros without `data`), or
 * converted with {@linkcode Matrix.from} from nested rows (as `Array.from`, numpy's
 * `np.array([[…]])`). It is also an {@linkcode NdArray}, so `new RandomState(0).rand([2, 3])`
 * converts with {@linkcode Matrix.fromNdArray}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const m = new Matrix(2, 3, new Float64Array([1, 2, 3, 4, 5, 6]));
 * assert.deepEqual(m.shape, [2, 3]);
 * assert.equal(m.get(1, 0), 4);
 * assert.deepEqual(Matrix.from([[1, 2, 3], [4, 5, 6]]), m);
 * assert.equal(new Matrix(2, 2).get(0, 1), 0);
 * ```
 */
export class Matrix implements NdArray<Float64Array> {
  /** `[rows, cols]`. */
  readonly shape: [number, number];
  /** The elements, row after row. */
  readonly data: Float64Array;

  /** A `rows × cols` matrix over `data` (not copied), or of zeros. */
  constructor(rows: number, cols: number, data?: Float64Array) {
    checkDim("rows", rows);
    checkDim("cols", cols);
    if (data !== undefined && data.length !== rows * cols) {
      throw new RangeError(
        `new Matrix: a ${rows}×${cols} matrix needs ${
          rows * cols
        } elements, received ${data.length}`,
      );
    }
    this.shape = [rows, cols];
    this.data = data ?? new Float64Array(rows * cols);
  }

  /** Number of rows. */
  get rows(): number {
    return this.shape[0];
  }

  /** Number of columns. */
  get cols(): number {
    return this.shape[1];
  }

  /** Element `(i, j)`; a RangeError outside the matrix. */
  get(i: number, j: number): number {
    return this.data[this.#index(i, j)]!;
  }

  /** Sets element `(i, j)`; a RangeError outside the matrix. */
  set(i: number, j: number, value: number): void {
    this.data[this.#index(i, j)] = value;
  }

  /** Row `i` as a view (writes go through). */
  row(i: number): Float64Array {
    this.#index(i, 0);
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /** The rows as nested arrays, numpy's `tolist()`. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }

  /**
   * A matrix from nested rows (copied), numpy's `np.array([[...], ...])`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * assert.equal(Matrix.from([[1, 2], [3, 4]]).get(1, 1), 4);
   * ```
   */
  static from(rows: ArrayLike<ArrayLike<number>>): Matrix {
    const cols = rows.length === 0 ? 0 : rows[0]!.length;
    const m = new Matrix(rows.length, cols);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (row.length !== cols) {
        throw new RangeError(
          `Matrix.from: every row needs ${cols} elements (as row 0), row ${i} has ${row.length}`,
        );
      }
      for (let j = 0; j < cols; j++) m.data[i * cols + j] = row[j]!;
    }
    return m;
  }

  /** A matrix over a 2-D {@linkcode NdArray}'s data (not copied), such as `rand([2, 3])`. */
  static fromNdArray(array: NdArray<Float64Array>): Matrix {
    if (array.shape.length !== 2) {
      throw new RangeError(
        `Matrix.fromNdArray: expected a 2-D array, received shape [${array.shape.join(", ")}]`,
      );
    }
    return new Matrix(array.shape[0]!, array.shape[1]!, array.data);
  }

  #index(i: number, j: number): number {
    const [rows, cols] = this.shape;
    if (!(Number.isInteger(i) && i >= 0 && i < rows && Number.isInteger(j) && j >= 0 && j < cols)) {
      throw new RangeError(`Matrix: index (${i}, ${j}) is outside a ${rows}×${cols} matrix`);
    }
    return i * cols + j;
  }
}
