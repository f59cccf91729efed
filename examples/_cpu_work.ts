/**
 * CPU-bound work for `threads_vs_processes.ts`: notebook 000's Gaussian integrated by the
 * midpoint rule in a plain loop. It imports nothing, so a thread or a child process that loads it
 * pays only its own start-up, not the kit's.
 *
 * Run as a program, it is a worker process: `deno run examples/_cpu_work.ts` reads tasks
 * `[p, points]` as lines of JSON on stdin and answers each with one line of JSON on stdout,
 * {@linkcode midpointGaussian}`(p, points)`, until stdin ends. That is how a Python
 * `multiprocessing.Pool` worker gets its tasks too, as bytes through a pipe.
 *
 * @module
 */

/**
 * `∫ exp(-(x*p)^2) dx` over [-6/p, 6/p] (all but 1e-16 of the line's √π/p) by the midpoint rule
 * with `points` points, as `bench/python/exercises/threads_vs_processes.py` computes it.
 */
export function midpointGaussian(p: number, points: number): number {
  const half = 6 / p;
  const h = (2 * half) / points;
  let total = 0;
  for (let k = 0; k < points; k++) {
    const x = -half + (k + 0.5) * h;
    total += Math.exp(-((x * p) ** 2));
  }
  return total * h;
}

/** Answers every `[p, points]` line on stdin with a line holding the integral. */
async function serve(): Promise<void> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of Deno.stdin.readable) {
    buffered += decoder.decode(chunk, { stream: true });
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      const task: unknown = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (!Array.isArray(task) || task.length !== 2 || !task.every(Number.isFinite)) {
        throw new TypeError(`expected a task [p, points] of two numbers, received ${task}`);
      }
      console.log(JSON.stringify(midpointGaussian(task[0], task[1])));
    }
  }
}

if (import.meta.main) await serve();
