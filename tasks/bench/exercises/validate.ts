/**
 * A small JSON Schema (draft 2020-12) validator for the subset `docs/bench-schema.json` uses:
 * `type`, `required`, `properties`, `additionalProperties`, `items`, `enum`, `const`, `minimum`,
 * and `$ref` to `#/$defs/…`. Annotations (`$schema`, `$id`, `title`, `description`, `$comment`,
 * `examples`, `default`) are ignored; any other keyword is an error, so the schema cannot rely
 * on a rule this validator would silently skip.
 *
 * @module
 */

/** A schema of the supported subset (or `true`/`false`). */
export type Schema = boolean | { readonly [keyword: string]: unknown };

/** One violation: where (a JSON Pointer into the value) and what. */
export interface ValidationError {
  readonly path: string;
  readonly message: string;
}

const ANNOTATIONS = new Set([
  "$schema",
  "$id",
  "$defs",
  "title",
  "description",
  "$comment",
  "examples",
  "default",
]);
const RULES = new Set([
  "type",
  "required",
  "properties",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "minimum",
  "$ref",
]);

/** Keywords of `schema` (and of its sub-schemas) this validator does not know, with their paths. */
export function unsupportedKeywords(schema: Schema, at = "#"): string[] {
  if (typeof schema === "boolean") return [];
  const found: string[] = [];
  for (const [keyword, value] of Object.entries(schema)) {
    const here = `${at}/${keyword}`;
    if (!ANNOTATIONS.has(keyword) && !RULES.has(keyword)) found.push(here);
    if (keyword === "properties" || keyword === "$defs") {
      for (const [name, sub] of Object.entries(value as Record<string, Schema>)) {
        found.push(...unsupportedKeywords(sub, `${here}/${name}`));
      }
    } else if (keyword === "items" || keyword === "additionalProperties") {
      found.push(...unsupportedKeywords(value as Schema, here));
    }
  }
  return found;
}

/** The JSON type of `value`: "null", "boolean", "number", "string", "array" or "object". */
function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  if (type === "integer") return Number.isInteger(value);
  if (type === "number") return typeof value === "number" && Number.isFinite(value);
  return jsonType(value) === type;
}

/** Deep equality of JSON values, for `const` and `enum`. */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (jsonType(a) !== jsonType(b) || typeof a !== "object" || a === null) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => equal(x, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length &&
    keys.every((k) => Object.hasOwn(y, k) && equal(x[k], y[k]));
}

/** A JSON Pointer segment: `~` and `/` escaped. */
function segment(key: string | number): string {
  return String(key).replaceAll("~", "~0").replaceAll("/", "~1");
}

function resolve(root: Schema, ref: string): Schema {
  if (!ref.startsWith("#/")) throw new Error(`unsupported $ref "${ref}": only "#/…" is`);
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) {
    const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) {
      throw new Error(`$ref "${ref}" does not resolve`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node as Schema;
}

function check(
  root: Schema,
  schema: Schema,
  value: unknown,
  path: string,
  errors: ValidationError[],
): void {
  if (schema === true) return;
  if (schema === false) {
    errors.push({ path, message: "no value is allowed here" });
    return;
  }
  const unknownKeywords = Object.keys(schema).filter((k) => !ANNOTATIONS.has(k) && !RULES.has(k));
  if (unknownKeywords.length > 0) {
    throw new Error(`unsupported schema keyword(s) ${unknownKeywords.join(", ")} at ${path}`);
  }
  if (typeof schema.$ref === "string") {
    check(root, resolve(root, schema.$ref), value, path, errors);
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type as string[] : [schema.type as string];
    if (!types.some((t) => hasType(value, t))) {
      const got = typeof value === "number" && !Number.isInteger(value) && types.includes("integer")
        ? "a non-integer number"
        : jsonType(value);
      errors.push({ path, message: `expected ${types.join(" or ")}, got ${got}` });
      return;
    }
  }
  if (Object.hasOwn(schema, "const") && !equal(value, schema.const)) {
    errors.push({ path, message: `expected ${JSON.stringify(schema.const)}` });
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => equal(value, option))) {
    errors.push({
      path,
      message: `expected one of ${schema.enum.map((o) => JSON.stringify(o)).join(", ")}, got ${
        JSON.stringify(value)
      }`,
    });
  }
  if (typeof schema.minimum === "number" && typeof value === "number" && value < schema.minimum) {
    errors.push({ path, message: `expected at least ${schema.minimum}, got ${value}` });
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, i) =>
      check(root, schema.items as Schema, item, `${path}/${segment(i)}`, errors)
    );
  }
  if (jsonType(value) === "object") {
    const object = value as Record<string, unknown>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!Object.hasOwn(object, name)) {
        errors.push({ path, message: `missing required property "${name}"` });
      }
    }
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [name, item] of Object.entries(object)) {
      const where = `${path}/${segment(name)}`;
      if (Object.hasOwn(properties, name)) {
        check(root, properties[name]!, item, where, errors);
      } else if (schema.additionalProperties !== undefined) {
        if (schema.additionalProperties === false) {
          errors.push({ path: where, message: `unexpected property "${name}"` });
        } else {
          check(root, schema.additionalProperties as Schema, item, where, errors);
        }
      }
    }
  }
}

/**
 * Every way `value` breaks `schema` (empty when it validates). Throws on a schema outside the
 * supported subset.
 */
export function validate(schema: Schema, value: unknown): ValidationError[] {
  const errors: ValidationError[] = [];
  check(schema, schema, value, "", errors);
  return errors;
}

/** One line per error: `/exercises/0/status: expected one of …`. */
export function formatErrors(errors: readonly ValidationError[]): string {
  return errors.map((e) => `${e.path || "(root)"}: ${e.message}`).join("\n");
}

/** The schema of the results file, `docs/bench-schema.json`. */
export async function loadBenchSchema(): Promise<Schema> {
  const url = new URL("../../../docs/bench-schema.json", import.meta.url);
  return JSON.parse(await Deno.readTextFile(url)) as Schema;
}
