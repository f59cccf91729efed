/**
 * poolifier's worker: a ThreadWorker around the trivial task `x + 1`. Run by Node only, from the
 * folder npm installed poolifier into; `require`, so that `deno check .` does not look for it.
 * @module
 */
import { createRequire } from "node:module";

const { ThreadWorker } = createRequire(import.meta.url)("poolifier");

export default new ThreadWorker((x) => x + 1);
