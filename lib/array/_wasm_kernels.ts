/**
 * The module of `sin`, `cos`, `exp` and `log` kernels and its memory layout, built from
 * `_wasm_trig.ts` and `_wasm_exp_log.ts`. The library does not build it at run time: it loads
 * the bytes this file writes into `_wasm_kernels_bytes.ts` (building takes V8 10-80 ms before
 * its JIT warms up, more than the kernels then save on a 1e6 array), and
 * tests/array/transcendental_kernels_test.ts checks those bytes against a fresh build.
 *
 * Regenerate: `deno run --allow-write=lib/array lib/array/_wasm_kernels.ts`, then `deno fmt`.
 * Private to `lib/array/`.
 *
 * @module
 */
import { kernelModule, quadLoop } from "./_wasm_builder.ts";
import { EXP_LOG_ADDRESSES, EXP_LOG_LOCALS, expStep, logStep } from "./_wasm_exp_log.ts";
import { expTable, logTable } from "./_wasm_tables.ts";
import { trigKernel } from "./_wasm_trig.ts";

/** Doubles per chunk: 16 KiB, which with its copies stays in the first-level cache. */
export const CHUNK = 2048;
/** Where the sin and cos kernels put each lane's flag (all ones: redo with Math.*). */
export const FLAGS = (CHUNK + 4) * 8;
/** Where exp's table starts, log's right after it: after the flags, 16-byte aligned. */
export const TABLES = 2 * FLAGS;

/** exp's table then log's, the bytes the caller puts at {@linkcode TABLES}. */
export function tableBytes(): Uint8Array<ArrayBuffer> {
  const exp = expTable(), log = logTable();
  const bytes = new Uint8Array(exp.length + log.length);
  bytes.set(exp);
  bytes.set(log, exp.length);
  return bytes;
}

/**
 * The module's bytes: exports `memory` and `sin`, `cos`, `exp`, `log`, each
 * `(start, end) => anyFlagged` over the doubles at byte offsets [start, end) (exp and log: a
 * multiple of 32 bytes). With `fused`, exp and log use relaxed SIMD's multiply-add.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(WebAssembly.validate(kernelBytes(false)));
 * ```
 */
export function kernelBytes(fused: boolean): Uint8Array<ArrayBuffer> {
  const expTableAt = TABLES, logTableAt = TABLES + expTable().length;
  return kernelModule([
    { name: "sin", ...trigKernel(false, FLAGS) },
    { name: "cos", ...trigKernel(true, FLAGS) },
    { name: "exp", ...quadLoop(expStep(fused, expTableAt), EXP_LOG_LOCALS, 0) },
    { name: "log", ...quadLoop(logStep(fused, logTableAt), EXP_LOG_LOCALS, EXP_LOG_ADDRESSES) },
  ]);
}

const base64Lines = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).match(/.{1,96}/g)!.map((line) => `  "${line}"`).join(
    " +\n",
  );

/** The source of `_wasm_kernels_bytes.ts`. */
export function bytesSource(): string {
  return `/**
 * The WebAssembly modules of the transcendental kernels and exp's and log's tables, written by
 * \`_wasm_kernels.ts\` (run it to regenerate; a test checks these bytes against a fresh build).
 * Private to \`lib/array/\`.
 *
 * @module
 */

/** Doubles per chunk of the kernels' memory. */
export const CHUNK = ${CHUNK};
/** Byte offset of the lane flags in the kernels' memory. */
export const FLAGS = ${FLAGS};
/** Byte offset of the tables in the kernels' memory. */
export const TABLES = ${TABLES};

/** The module's bytes, base64, with relaxed SIMD's multiply-add in exp and log. */
export const FUSED_KERNELS_BASE64 =
${base64Lines(kernelBytes(true))};

/** The module's bytes, base64, without relaxed SIMD. */
export const KERNELS_BASE64 =
${base64Lines(kernelBytes(false))};

/** The tables of exp and log, base64. */
export const TABLES_BASE64 =
${base64Lines(tableBytes())};
`;
}

if (import.meta.main) {
  await Deno.writeTextFile(new URL("./_wasm_kernels_bytes.ts", import.meta.url), bytesSource());
}
