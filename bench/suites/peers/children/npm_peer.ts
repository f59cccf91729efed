/**
 * piscina and tinypool run inside Deno through `npm:` specifiers, in a fresh process, measured
 * by the same code as on Node (bench/node/measure.mjs):
 * `deno run -A npm_peer.ts piscina|tinypool startup|roundtrip [TRIPS WARM]`.
 *
 * @module
 */
import * as piscina from "npm:piscina@5.3.2";
import * as tinypool from "npm:tinypool@2.2.0";
import { adapters, measure, parseArgs } from "../../../node/measure.mjs";

const { name, mode, trips, warm } = parseArgs(Deno.args, ["piscina", "tinypool"]);
const make = adapters({ piscina, tinypool }, new URL("../../../node/", import.meta.url));
const values = await measure(make[name as "piscina" | "tinypool"], mode, trips, warm);
console.log(JSON.stringify({ runtime: `deno ${Deno.version.deno}`, values }));
Deno.exit(0);
