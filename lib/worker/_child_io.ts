/**
 * The I/O thread of a pool child process: a worker that owns the child's private socket to its
 * parent and watches the child's stdin. Task code runs on the child's main thread and may block
 * it for good in a synchronous loop; this thread still answers for the child:
 *
 * - It writes the main thread's frames (posted here as bytes) to the socket, in order, and
 *   counts them in the control block, so the main thread can wait for its last frame to leave
 *   before it exits (`Deno.exit()` in a task).
 * - It announces each unit the main thread starts (a counter in the control block) with a
 *   `started` frame, without the main thread waiting on socket writes.
 * - It posts the frames that arrive on the socket to the main thread, and `null` when the
 *   socket ends; but it answers a `take-back` request itself, by compare-and-swap on the units'
 *   claim words, so units queued behind a stuck task can go to another worker.
 * - It reads stdin, which the parent holds open and never writes, and kills the process when
 *   stdin ends: the parent closed it or died, even by SIGKILL. Signalling its own pid needs no
 *   `run` permission (measured on Deno 2.9), so this works in sandboxed children.
 *
 * @module
 */
import { deserialize, preloadNodeV8 } from "../wire/_node_v8.ts";
import { encodeFrame, FrameError, FrameReader } from "../wire/framing.ts";
import { ChildControl, type ChildIoInit } from "./_child_control.ts";
import { MAX_UNANSWERED, takeBackWord } from "./control_block.ts";
import type { TakeBackMessage, TakenBackMessage } from "./protocol.ts";

// Every frame is node:v8 bytes: loaded now, while the socket connects.
preloadNodeV8();

// A take-back frame is a few dozen bytes: larger frames are passed on without being read.
const SMALL_FRAME_BYTES = 128;

const self = globalThis as unknown as {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
};

async function killWhenStdinEnds(): Promise<void> {
  try {
    // Nothing is ever written: reading only waits for the end.
    for await (const _ of Deno.stdin.readable) { /* nothing to do */ }
  } catch {
    // A broken pipe is an end too.
  }
  Deno.kill(Deno.pid, "SIGKILL");
}

/**
 * Sends a `started` frame when the main thread has started units since the last one. Called
 * when the counter moves and before each frame from the main thread, which was posted after
 * the units it follows had started: so the parent never sees a unit's result, or the child's
 * death, before it knows the unit started.
 */
class StartAnnouncer {
  #announced = 0;
  constructor(
    readonly control: Int32Array,
    readonly send: (frame: Uint8Array) => void,
  ) {}

  announce(): void {
    const started = Atomics.load(this.control, ChildControl.Started);
    if (started === this.#announced) return;
    this.#announced = started;
    this.send(encodeFrame({ type: "started", count: started }));
  }

  async watch(): Promise<void> {
    for (;;) {
      this.announce();
      const waiting = Atomics.waitAsync(this.control, ChildControl.Started, this.#announced);
      if (waiting.async) await waiting.value;
    }
  }
}

/** The frame's message if it is a well-formed take-back request, else `null`. */
function asTakeBack(frame: Uint8Array): TakeBackMessage | null {
  if (frame.byteLength > SMALL_FRAME_BYTES) return null;
  let message: unknown;
  try {
    message = deserialize(frame.subarray(4));
  } catch {
    return null; // the main thread's reader reports it
  }
  if (typeof message !== "object" || message === null) return null;
  const { type, from, to } = message as Partial<TakeBackMessage>;
  if (type !== "take-back" || !Number.isInteger(from) || !Number.isInteger(to)) return null;
  if (from! < 0 || to! < from! || to! - from! >= MAX_UNANSWERED) return null;
  return message as TakeBackMessage;
}

/**
 * Takes back units `to` down to `from`, stopping at the first the main thread has claimed
 * (units start in order: every older one has too). Returns those taken, ascending.
 */
function takeBack(control: Int32Array<SharedArrayBuffer>, request: TakeBackMessage): number[] {
  const seqs: number[] = [];
  for (let seq = request.to; seq >= request.from; seq--) {
    if (!takeBackWord(control, ChildControl.Claims, seq)) break;
    seqs.push(seq);
  }
  return seqs.reverse();
}

async function serve(init: ChildIoInit, early: Uint8Array[]): Promise<void> {
  const control = new Int32Array(init.control) as Int32Array<SharedArrayBuffer>;
  const connection = await Deno.connect({ transport: "unix", path: init.socketPath });
  const writer = connection.writable.getWriter();
  const writeFrame = (frame: Uint8Array) => writer.write(frame).catch(() => {});
  const starts = new StartAnnouncer(control, (frame) => void writeFrame(frame));
  const writeMain = (frame: Uint8Array) => {
    starts.announce();
    return writeFrame(frame).then(() => {
      Atomics.add(control, ChildControl.Written, 1);
      Atomics.notify(control, ChildControl.Written);
    });
  };
  self.onmessage = (event) => void writeMain(event.data as Uint8Array);
  for (const frame of early) void writeMain(frame);
  void starts.watch();
  const reader = new FrameReader();
  try {
    for await (const chunk of connection.readable) {
      const forward: Uint8Array[] = [];
      for (const frame of reader.pushFrames(chunk)) {
        const request = asTakeBack(frame);
        if (request === null) {
          forward.push(frame);
          continue;
        }
        // Answered at once, in this task: the main thread skips a unit only after this swap,
        // so the reply leaves before any `started` count or results that pass the unit.
        const reply: TakenBackMessage = { type: "taken-back", seqs: takeBack(control, request) };
        void writeFrame(encodeFrame(reply));
      }
      // Frames keep their order; a request only ever concerns units already passed on.
      if (forward.length === 1) self.postMessage(forward[0], [forward[0]!.buffer as ArrayBuffer]);
      else if (forward.length > 1) {
        const joined = concat(forward);
        self.postMessage(joined, [joined.buffer]);
      }
    }
  } catch (error) {
    // The socket broke with the parent, or the parent sent a frame too large to be one.
    if (error instanceof FrameError) {
      console.error(`pool child ${Deno.pid} got a bad frame from its parent:`, error);
    }
  }
  self.postMessage(null);
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const joined = new Uint8Array(length);
  length = 0;
  for (const part of parts) {
    joined.set(part, length);
    length += part.byteLength;
  }
  return joined;
}

// Frames the main thread posts before the connection is made wait here.
const early: Uint8Array[] = [];
self.onmessage = (event) => {
  const init = event.data as ChildIoInit;
  self.onmessage = (next) => void early.push(next.data as Uint8Array);
  serve(init, early).catch((error) => {
    // Without its socket the child cannot work: end it, saying why unless the parent has
    // simply stopped listening (it stopped this child, or exited) before the child connected.
    const parentGone = error instanceof Deno.errors.ConnectionRefused ||
      error instanceof Deno.errors.NotFound;
    if (!parentGone) console.error(`pool child ${Deno.pid} could not reach its parent:`, error);
    Deno.kill(Deno.pid, "SIGKILL");
  });
};
void killWhenStdinEnds();
