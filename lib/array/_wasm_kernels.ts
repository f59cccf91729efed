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
import { kernelModule } from "./_wasm_builder.ts";
import { expKernel, logKernel } from "./_wasm_exp_log.ts";
import { trigKernel } from "./_wasm_trig.ts";

/** Doubles per chunk: 16 KiB, which with its copies stays in the first-level cache. */
export const CHUNK = 2048;
/** Where the kernels put each lane's flag (all ones: redo with Math.*), after the values. */
export const FLAGS = (CHUNK + 2) * 8;

/**
 * The module's bytes: exports `memory` and `sin`, `cos`, `exp`, `log`, each
 * `(start, end) => anyFlagged` over the doubles at byte offsets [start, end).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(WebAssembly.validate(kernelBytes()));
 * ```
 */
export function kernelBytes(): Uint8Array<ArrayBuffer> {
  return kernelModule([
    { name: "sin", ...trigKernel(false, FLAGS) },
    { name: "cos", ...trigKernel(true, FLAGS) },
    { name: "exp", ...expKernel(FLAGS) },
    { name: "log", ...logKernel(FLAGS) },
  ]);
}

/** The source of `_wasm_kernels_bytes.ts`. */
export function bytesSource(): string {
  const base64 = btoa(String.fromCharCode(...kernelBytes()));
  const lines = base64.match(/.{1,96}/g)!.map((line) => `  "${line}"`).join(" +\n");
  return `/**
 * The WebAssembly module of the transcendental kernels, written by \`_wasm_kernels.ts\` (run it to
 * regenerate; a test checks these bytes against a fresh build). Private to \`lib/array/\`.
 *
 * @module
 */

/** Doubles per chunk of the kernels' memory. */
export const CHUNK = ${CHUNK};
/** Byte offset of the lane flags in the kernels' memory. */
export const FLAGS = ${FLAGS};

/** The module's bytes, base64. */
export const KERNELS_BASE64 =
${lines};
`;
}

if (import.meta.main) {
  await Deno.writeTextFile(new URL("./_wasm_kernels_bytes.ts", import.meta.url), bytesSource());
}
