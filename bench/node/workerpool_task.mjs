/**
 * workerpool's worker: the trivial task `inc(x) = x + 1`, registered by name. Run by Node only,
 * from the folder npm installed workerpool into; `require`, so that `deno check .` does not look
 * for it.
 * @module
 */
import { createRequire } from "node:module";

createRequire(import.meta.url)("workerpool").worker({ inc: (x) => x + 1 });
