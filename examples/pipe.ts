/**
 * Notebook 000, question 9: five processes each integrate the notebook's Gaussian and send
 * `[i, integral]` through one shared `send_end` of a Pipe; the parent receives on `recv_end`.
 *
 * How it works in Deno: `Pipe()` is a MessageChannel. A Connection passed to a Process does not
 * move there: the Process gets a proxy whose messages a relay in the parent forwards to the real
 * end, so the parent keeps its `sendEnd` and all five Processes share it, as Python's processes
 * share the pipe's file descriptor. Values are copied by structured clone on the way.
 *
 * The notebook receives inside the loop that starts the processes, so each one runs only after
 * the previous answered: five integrals one after another. Starting all five first and then
 * receiving overlaps them. Both are shown, with their times.
 *
 * Run: `deno task ex:pipe` (or `deno run -A examples/pipe.ts [--sleep-scale S] [--seed N]`).
 *
 * @module
 */
import { type Connection, Pipe, Process } from "../mod.ts";
import { integralSettings, integrate } from "./_integrand.ts";

/** The notebook's `integrate_pipe`: integrates for `p` and sends `[i, integral]`. */
export function integratePipe(
  i: number,
  sendEnd: Connection,
  p: number,
  seed: number,
  sleepScale: number,
): void {
  sendEnd.send([i, integrate(p, seed + i, sleepScale)]);
}

async function run(
  label: string,
  overlapped: boolean,
  options: { ps: number[]; seed: number; sleepScale: number },
): Promise<Array<[number, number]>> {
  const [recvEnd, sendEnd] = Pipe();
  const started = performance.now();
  const received: Array<[number, number]> = [];
  const processes = options.ps.map((p, i) =>
    new Process({
      target: integratePipe,
      args: [i, sendEnd, p, options.seed, options.sleepScale],
      module: import.meta.url,
    })
  );
  console.log(`${label}:`);
  for (const process of processes) {
    process.start();
    if (!overlapped) received.push(await recvEnd.recv() as [number, number]);
  }
  if (overlapped) {
    for (let i = 0; i < processes.length; i++) {
      received.push(await recvEnd.recv() as [number, number]);
    }
  }
  await Promise.all(processes.map((process) => process.join()));
  for (const integral of received) console.log("value of integral is", integral);
  console.log(`That took ${((performance.now() - started) / 1000).toFixed(3)} sec ...\n`);
  sendEnd.close();
  recvEnd.close();
  return received;
}

async function main(): Promise<void> {
  const { sleepScale, seed, ps } = integralSettings();
  console.log(`parameters p = ${ps.join(", ")} (seed ${seed}); exact integrals √π/p\n`);
  const options = { ps, seed, sleepScale };
  const serial = await run("one after another (as the notebook)", false, options);
  const overlapped = await run("all five at once", true, options);
  for (const [i, value] of [...serial, ...overlapped]) {
    const exact = Math.sqrt(Math.PI) / ps[i]!;
    if (Math.abs(value - exact) > 1e-12 * exact) {
      throw new Error(`integral ${i} is ${value}, expected ${exact}`);
    }
  }
  console.log("every integral is within 1e-12 of √π/p");
}

if (import.meta.main) await main();
