// A task module for the browser test's pool, loaded by URL in each worker.
export function hypot(a, b) {
  return Math.hypot(a, b);
}
