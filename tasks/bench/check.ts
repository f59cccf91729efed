/**
 * Result checks of a benchmark: a figure measured over a wrong answer means nothing, so a failed
 * check throws rather than printing a figure.
 *
 * @module
 */

/** Throws unless `ok`, naming `what` was checked. */
export function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark result check failed: ${what}`);
}
