/**
 * The floor of the pipe figures: a bare worker on a bare MessageChannel port, doing what the
 * pipe's worker tasks do (work.ts) with nothing of multiproc in between. Started by
 * {@linkcode ./channel.ts}, which transfers it the port in its first message.
 *
 * On the port: a number is echoed back; `{ op: "sink" }` answers "ready", then counts byte
 * messages, acknowledging as `pipeSink` does and ending with `{ checksum }`; `{ op: "source" }`
 * answers "ready", then sends the payload as `pipeSource` does, taking numbers as acks.
 *
 * @module
 */
import { sparseChecksum } from "./work.ts";

/** Commands the main thread sends on the port. */
export type Command =
  | { readonly op: "sink"; readonly messages: number; readonly ackEvery: number }
  | {
    readonly op: "source";
    readonly payload: Uint8Array;
    readonly messages: number;
    readonly window: number;
  };

type Mode =
  | { kind: "echo" }
  | { kind: "sink"; messages: number; ackEvery: number; received: number; checksum: number }
  | { kind: "source"; payload: Uint8Array; messages: number; window: number; sent: number };

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<{ port: MessagePort }>) => void) | null;
};

let mode: Mode = { kind: "echo" };

/** A copy of `payload` moved to the other side, as `Connection.sendBytes` does. */
function postCopy(port: MessagePort, payload: Uint8Array): void {
  const copy = payload.slice();
  port.postMessage(copy, [copy.buffer]);
}

function pump(port: MessagePort, source: Extract<Mode, { kind: "source" }>, acked: number): void {
  while (source.sent < source.messages && source.sent - acked < source.window) {
    postCopy(port, source.payload);
    source.sent++;
  }
  // The receiver acknowledges the last message too: after that ack, back to echoing.
  if (acked === source.messages) mode = { kind: "echo" };
}

function onPortMessage(port: MessagePort, data: unknown): void {
  switch (mode.kind) {
    case "echo": {
      if (typeof data === "number") return port.postMessage(data);
      const command = data as Command;
      port.postMessage("ready");
      if (command.op === "sink") {
        mode = {
          kind: "sink",
          messages: command.messages,
          ackEvery: command.ackEvery,
          received: 0,
          checksum: 0,
        };
      } else {
        const source = { kind: "source" as const, ...command, sent: 0 };
        mode = source;
        pump(port, source, 0);
      }
      return;
    }
    case "sink": {
      const sink = mode;
      sink.checksum += sparseChecksum(data as Uint8Array);
      sink.received++;
      if (sink.received % sink.ackEvery === 0 || sink.received === sink.messages) {
        port.postMessage(sink.received);
      }
      if (sink.received === sink.messages) {
        port.postMessage({ checksum: sink.checksum });
        mode = { kind: "echo" };
      }
      return;
    }
    case "source":
      return pump(port, mode, data as number);
  }
}

scope.onmessage = (event) => {
  const port = event.data.port;
  port.onmessage = (message) => onPortMessage(port, message.data);
};
