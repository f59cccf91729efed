/**
 * What the browser build gets for `lib/cluster/engine.ts`: a browser cannot open a Redis
 * connection, so a cluster Pool's calls reject saying so (its options already refuse), and the
 * Redis client stays out of the bundle.
 *
 * @module
 */

/** Throws: see the module doc. */
export class ClusterEngine {
  constructor() {
    throw new TypeError(
      "a cluster Pool is not available in the browser build of multiproc: it needs Deno to " +
        "reach Redis. Run it under Deno, or leave the cluster option out",
    );
  }
}
