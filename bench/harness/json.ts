/**
 * The one JSON writer of every suite, and the check of the exercises' results file against
 * `docs/bench-schema.json` (JSON Schema draft 2020-12, by Ajv).
 * @module
 */
import { dirname } from "node:path";
import { Ajv2020, type ValidateFunction } from "npm:ajv@8.17.1/dist/2020.js";

/** Writes `value` as indented JSON to `path`, making its directory. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeTextFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

let validator: Promise<ValidateFunction> | null = null;

/** Every way `value` breaks `docs/bench-schema.json`, one line each (empty when it validates). */
export async function schemaErrors(value: unknown): Promise<string[]> {
  // strictTypes off: the schema leaves `type` to its `$ref`s, as draft 2020-12 allows.
  validator ??= Deno.readTextFile(new URL("../../docs/bench-schema.json", import.meta.url))
    .then((text) => new Ajv2020({ allErrors: true, strictTypes: false }).compile(JSON.parse(text)));
  const validate = await validator;
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"}: ${e.message}`);
}

/** Reads a results file and checks it, printing what is wrong; null when it is not valid. */
export async function readResults(path: string): Promise<unknown | null> {
  let value: unknown;
  try {
    value = JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    console.error(`${path}: ${error instanceof Error ? error.message : error}`);
    return null;
  }
  const errors = await schemaErrors(value);
  if (errors.length === 0) return value;
  console.error(`${path}: ${errors.length} error(s) against docs/bench-schema.json`);
  console.error(errors.slice(0, 50).join("\n"));
  return null;
}
