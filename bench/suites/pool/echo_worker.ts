/**
 * The floor of a round trip: a worker that answers a number with that number + 1, and nothing
 * else (no ids, no lookup). What the machine's threads and Deno's messaging cost alone.
 *
 * @module
 */
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<number>) => void) | null;
  postMessage(message: number): void;
};

scope.onmessage = (event) => scope.postMessage(event.data + 1);
