// Tasks for pipe_lend_test.ts, run in workers: each receives once first, so that the relay lends
// it copies of the small messages queued after (lib/channel/_lend.ts).
import type { Connection } from "../../mod.ts";

/** Receives the "start" value, says "ready", then receives values until EOF; returns them. */
export async function receiveValues(conn: Connection): Promise<unknown[]> {
  const got: unknown[] = [];
  if (await conn.recv() !== "start") throw new Error("expected start");
  conn.send("ready");
  try {
    for (;;) got.push(await conn.recv());
  } catch (error) {
    if ((error as Error).name !== "EOFError") throw error;
  }
  return got;
}

/** Receives "start", says "ready", then holds its handle without receiving until it is killed. */
export async function receiveOnceThenHold(conn: Connection): Promise<void> {
  if (await conn.recv() !== "start") throw new Error("expected start");
  conn.send("ready");
  await new Promise(() => setInterval(() => {}, 1_000));
}

/**
 * Receives "start", says "ready", waits for `control`'s "go" (the next message was sent by then
 * and lent), then tries recvBytes() on it and recv(): what each gave, or the error's name and
 * message.
 */
export async function recvBytesOnValue(conn: Connection, control: Connection): Promise<string[]> {
  if (await conn.recv() !== "start") throw new Error("expected start");
  conn.send("ready");
  if (await control.recv() !== "go") throw new Error("expected go");
  const outcomes: string[] = [];
  try {
    outcomes.push(`bytes ${await conn.recvBytes()}`);
  } catch (error) {
    outcomes.push(`${(error as Error).name}: ${(error as Error).message}`);
  }
  outcomes.push(`value ${await conn.recv()}`);
  return outcomes;
}

/**
 * Receives "start", says "ready", then reads `kinds` in order ("v": recv(), "b": recvBytes(),
 * several at once when `together`); returns values, and bytes as their first byte.
 */
export async function receiveMixed(
  conn: Connection,
  kinds: string,
  together: boolean,
): Promise<unknown[]> {
  if (await conn.recv() !== "start") throw new Error("expected start");
  conn.send("ready");
  const one = async (kind: string) =>
    kind === "b" ? `b${(await conn.recvBytes())[0]}` : await conn.recv();
  if (together) return await Promise.all([...kinds].map(one));
  const got: unknown[] = [];
  for (const kind of kinds) got.push(await one(kind));
  return got;
}
