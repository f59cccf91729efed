/**
 * A Node peer in a fresh process: `node peer.mjs POOL MODE [TRIPS WARM]` measures one pool
 * library (see measure.mjs) and prints one JSON line `{ "values": {...} }`. Run from the
 * temporary folder `deno task bench:peers` installs the libraries into, with these files copied.
 * @module
 */
import { adapters, measure, parseArgs } from "./measure.mjs";

const { name, mode, trips, warm } = parseArgs(
  process.argv.slice(2),
  ["piscina", "poolifier", "tinypool", "workerpool"],
);
// Loaded before the clock starts, as every contender's library is.
const libs = { [name]: await import(name) };
const values = await measure(adapters(libs, import.meta.url)[name], mode, trips, warm);
console.log(JSON.stringify({ runtime: `node ${process.version}`, values }));
