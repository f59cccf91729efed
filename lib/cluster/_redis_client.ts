/**
 * Connections to one Redis server, every call bounded in time. A call waits for its connection
 * to be ready (a reconnect after a blip) and for the answer, together at most `timeoutMs` (plus
 * the block time of a blocking read); past that, or on any error, it rejects with an Error naming
 * the server (password masked) and what was being done, the original error as `cause`.
 *
 * ioredis is set up so that nothing is ever sent late: no offline queue (a command is written on
 * a live connection or refused), no resending of commands whose connection dropped
 * (`maxRetriesPerRequest: 0`), and reconnects every ≤ 500 ms forever, so the next call after the
 * server comes back works.
 *
 * @module
 */
import { Redis } from "npm:ioredis@6.1.0";
import { maskUrl } from "./_mask_url.ts";

export { maskUrl };

/** One ioredis connection and the last error it reported. */
export class Connection {
  readonly client: Redis;
  lastError: Error | null = null;

  constructor(url: string, timeoutMs: number, blocking: boolean) {
    this.client = new Redis(url, {
      // RESP2: the reply shapes parsed here are the same on every Redis ≥ 7.0 and Valkey.
      protocol: 2,
      // CLIENT SETINFO is a 7.2 command; we use only 7.0 ones.
      disableClientInfo: true,
      connectTimeout: timeoutMs,
      // A blocking read may rightly wait longer than timeoutMs: its bound is our own timer.
      commandTimeout: blocking ? undefined : timeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (attempt: number) => Math.min(50 * attempt, 500),
    });
    // Without a listener ioredis prints every connection error; we report them in messages.
    this.client.on("error", (error: Error) => this.lastError = error);
  }

  /** Resolves when the connection is ready, rejects when it is not within `ms`. */
  ready(ms: number): Promise<void> {
    const client = this.client;
    if (client.status === "ready") return Promise.resolve();
    if (client.status === "end") return Promise.reject(new Error("the connection is closed"));
    return new Promise((resolve, reject) => {
      const done = (error?: Error): void => {
        clearTimeout(timer);
        client.off("ready", onReady);
        client.off("end", onEnd);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onReady = (): void => done();
      const onEnd = (): void => done(new Error("the connection was closed"));
      const timer = setTimeout(() => {
        const last = this.lastError === null ? "" : ` (last error: ${this.lastError.message})`;
        done(new Error(`not connected within ${ms} ms${last}`, { cause: this.lastError }));
      }, ms);
      client.on("ready", onReady);
      client.on("end", onEnd);
    });
  }

  /** Closes the connection and waits until its socket is gone. */
  async close(): Promise<void> {
    const client = this.client;
    if (client.status === "end") return;
    const ended = new Promise<void>((resolve) => client.once("end", () => resolve()));
    client.disconnect();
    await ended;
  }
}

/** Rejects with `error` after `ms` unless `work` settles first; the timer never outlives it. */
export async function within<T>(work: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), Math.max(0, ms));
  });
  // The loser of the race must not become an unhandled rejection.
  work.catch(() => {});
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `command` on `connection` within `timeoutMs + extraMs`, connection wait included. */
export async function bounded<T>(
  connection: Connection,
  timeoutMs: number,
  extraMs: number,
  command: (client: Redis) => Promise<T>,
): Promise<T> {
  const started = Date.now();
  await connection.ready(timeoutMs);
  const left = timeoutMs + extraMs - (Date.now() - started);
  const noAnswer = `no answer within ${timeoutMs + extraMs} ms`;
  try {
    return await within(command(connection.client), left, () => new Error(noAnswer));
  } catch (error) {
    // ioredis's own commandTimeout, the same bound as ours, may fire first.
    if (error instanceof Error && error.message === "Command timed out") {
      throw new Error(noAnswer, { cause: error });
    }
    // The socket closed between our readiness check and the write: nothing was sent.
    if (error instanceof Error && /^Stream isn't writeable/.test(error.message)) {
      const last = connection.lastError === null ? "" : ` (${connection.lastError.message})`;
      throw new Error(`not connected: the connection dropped${last}`, { cause: error });
    }
    throw error;
  }
}

/** Whether `error` is Redis saying the stream or its consumer group does not exist. */
export function isNoGroup(error: unknown): boolean {
  return error instanceof Error && /\bNOGROUP\b/.test(error.message);
}
