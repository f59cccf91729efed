// Seeded inputs of the browser test, imported by the page and by the test, which checks the
// page's answers against its own computation on the same numbers.

/**
 * `count` numbers in [-2, 2) from a linear congruential generator seeded with `seed`.
 * @param {number} seed
 * @param {number} count
 * @returns {number[]}
 */
export function seededInputs(seed, count) {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 * 4 - 2;
  });
}
