// Worker tasks of pipe_bytes_proxy_test.ts: a worker's handle of a pipe end that receives or
// sends byte messages, and reports exactly what it saw.
import type { Connection } from "../../mod.ts";

/** The byte at `index` of message `seq`: every message differs, and so does every byte. */
export function patternByte(seq: number, index: number): number {
  return (seq * 31 + index * 7 + (index >> 8)) & 0xff;
}

/** A message of `size` bytes made of {@linkcode patternByte}s of `seq`. */
export function patterned(seq: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = patternByte(seq, i);
  return bytes;
}

/** Whether `bytes` is exactly {@linkcode patterned}(seq, size). */
export function isPatterned(bytes: Uint8Array, seq: number, size: number): boolean {
  if (bytes.byteLength !== size) return false;
  for (let i = 0; i < size; i++) if (bytes[i] !== patternByte(seq, i)) return false;
  return true;
}

/**
 * Receives one message per entry of `sizes`, each checked against its pattern; returns the
 * index of the first wrong one, or -1.
 */
export async function receiveSized(conn: Connection, sizes: number[]): Promise<number> {
  conn.send("ready");
  for (let seq = 0; seq < sizes.length; seq++) {
    if (!isPatterned(await conn.recvBytes(), seq, sizes[seq]!)) return seq;
  }
  return -1;
}

/** Sends one patterned message per entry of `sizes`. */
export function sendSized(conn: Connection, sizes: number[]): void {
  for (let seq = 0; seq < sizes.length; seq++) conn.sendBytes(patterned(seq, sizes[seq]!));
}

/**
 * Receives byte messages of 4-byte sequence numbers until the stream ends, returning the
 * numbers it got, in the order it got them.
 */
export async function receiveNumbers(conn: Connection): Promise<number[]> {
  const got: number[] = [];
  conn.send("ready");
  try {
    for (;;) got.push(new DataView((await conn.recvBytes()).buffer).getUint32(0));
  } catch (error) {
    if ((error as Error).name !== "EOFError") throw error;
  }
  return got;
}

/** Says "ready", then holds its handle without receiving until it is killed. */
export async function holdWithoutReceiving(conn: Connection): Promise<void> {
  conn.send("ready");
  await new Promise(() => setInterval(() => {}, 1_000));
}

/**
 * Waits until poll() says a message is ready, says so on `control`, then waits there for "go"
 * (so that nothing else receives on `conn` meanwhile) and receives one byte message.
 */
export async function pollThenReceive(conn: Connection, control: Connection): Promise<unknown> {
  if (!await conn.poll(20_000)) return "poll timed out";
  control.send("polled");
  if (await control.recv() !== "go") return "no go";
  return await conn.recvBytes();
}
