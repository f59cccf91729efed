/**
 * Float comparisons for the array tests: bit for bit (where `assert.deepEqual` would treat NaNs
 * with different payloads as unequal), and within a number of units in the last place.
 *
 * @module
 */
import assert from "node:assert/strict";

/** Whether x and y are the same double, NaN equal to NaN and -0 distinct from 0. */
export function sameFloat(x: number, y: number): boolean {
  return Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
}

/** Asserts that `actual` holds exactly the doubles of `expected` (NaN = NaN, -0 ≠ 0). */
export function assertSameFloats(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  label: string,
): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!sameFloat(actual[i]!, expected[i]!)) {
      assert.fail(`${label}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

const cell = new Float64Array(1);
const bits = new BigInt64Array(cell.buffer);

/** x's position on a line where adjacent doubles are 1 apart (-0 and 0 both at 0). */
function ordinal(x: number): bigint {
  cell[0] = x;
  const b = bits[0]!;
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}

/** How many doubles apart x and y are; Infinity if only one is NaN. */
export function ulpDistance(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y) ? 0 : Infinity;
  const d = ordinal(x) - ordinal(y);
  return Number(d < 0n ? -d : d);
}

/** Asserts that every element of `actual` is within `ulps` doubles of `expected`'s. */
export function assertWithinUlps(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  ulps: number,
  label: string,
): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++) {
    const distance = ulpDistance(actual[i]!, expected[i]!);
    if (distance > ulps) {
      assert.fail(
        `${label}: element ${i} is ${actual[i]}, expected ${expected[i]} (${distance} ulps apart)`,
      );
    }
  }
}
