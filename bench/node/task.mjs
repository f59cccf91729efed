/**
 * The trivial task of the peers' pools (piscina and tinypool, on Node and in Deno): `x + 1`.
 * @module
 */

/** The tiny task. */
export default function inc(x) {
  return x + 1;
}
