// A local TCP listener that counts and drops the connections reaching it: what tests of
// sandboxes put where a registry or a server would be, to show that nothing got out.

/** Listens on 127.0.0.1 (a free port) until `close()`, counting connections. */
export class CountingListener {
  readonly #listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  readonly #accepting: Promise<void>;
  /** Connections accepted so far. */
  connections = 0;

  constructor() {
    this.#accepting = (async () => {
      try {
        for await (const connection of this.#listener) {
          this.connections++;
          connection.close();
        }
      } catch {
        // Closed.
      }
    })();
  }

  /** The port it listens on. */
  get port(): number {
    return (this.#listener.addr as Deno.NetAddr).port;
  }

  /** `http://127.0.0.1:<port>/`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Stops listening, once the accept loop has ended. */
  async close(): Promise<void> {
    this.#listener.close();
    await this.#accepting;
  }
}
