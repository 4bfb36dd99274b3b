/**
 * A minimal Marionette client: the one way into Firefox's privileged chrome scope that every Firefox
 * ESR the harness meets supports. WebDriver BiDi only gained chrome contexts (`moz:scope`) after ESR
 * 140, which Debian bookworm ships; Marionette has had a chrome context for years, behind the same
 * `--remote-allow-system-access` flag. Harness only: nothing here is part of the extension.
 *
 * Wire format: each packet is `<byte length>:<JSON>`; a command is `[0, id, name, params]` and its
 * answer `[1, id, error, result]`.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import type { ConnectionTransport } from 'puppeteer-core';
import WebSocket from 'ws';

type Pending = { resolve(value: unknown): void; reject(error: Error): void };

export class MarionetteClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private greeted!: Promise<void>;

  private constructor(private readonly socket: Socket) {}

  /** Connects to Marionette on loopback, retrying while Firefox is still starting it. */
  static async connect(port: number, timeoutMs = 30_000): Promise<MarionetteClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((done, fail) => {
          const s = connect(port, '127.0.0.1', () => done(s));
          s.once('error', fail);
        });
        const client = new MarionetteClient(socket);
        client.listen();
        await client.greeted;
        return client;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`Marionette on port ${port} did not answer: ${String(error)}`);
        await new Promise((done) => setTimeout(done, 100));
      }
    }
  }

  private listen(): void {
    let greet!: () => void;
    let refuse!: (e: Error) => void;
    this.greeted = new Promise((done, fail) => ((greet = done), (refuse = fail)));
    let greetingSeen = false;
    this.socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (let packet = this.takePacket(); packet !== undefined; packet = this.takePacket()) {
        if (!greetingSeen) {
          greetingSeen = true;
          greet();
          continue;
        }
        const [, id, error, result] = packet as [number, number, { error: string; message: string } | null, unknown];
        const waiter = this.pending.get(id);
        if (!waiter) continue;
        this.pending.delete(id);
        if (error) waiter.reject(new Error(`marionette: ${error.error}: ${error.message}`));
        else waiter.resolve(result);
      }
    });
    const failAll = (error: Error) => {
      refuse(error);
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    this.socket.on('error', failAll);
    this.socket.on('close', () => failAll(new Error('marionette: connection closed')));
  }

  /** Takes one whole packet off the buffer, or undefined while it is still arriving. */
  private takePacket(): unknown {
    const colon = this.buffer.indexOf(':');
    if (colon < 0) return undefined;
    const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
    if (this.buffer.length < colon + 1 + length) return undefined;
    const body = this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8');
    this.buffer = this.buffer.subarray(colon + 1 + length);
    return JSON.parse(body);
  }

  send(name: string, params: object = {}): Promise<unknown> {
    const id = this.nextId++;
    const body = Buffer.from(JSON.stringify([0, id, name, params]), 'utf8');
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.write(Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body]));
    });
  }

  /**
   * Opens the browser's one WebDriver session, with a BiDi WebSocket for puppeteer, and puts Marionette's
   * scripts in the browser window's chrome scope.
   */
  async openChromeSession(
    scriptTimeoutMs = 120_000,
  ): Promise<{ sessionId: string; capabilities: { webSocketUrl: string } }> {
    const wanted = { webSocketUrl: true, acceptInsecureCerts: true, timeouts: { script: scriptTimeoutMs } };
    // Marionette in ESR 140 reads capabilities flat; later versions read them from W3C's wrapper.
    const session = (await this.send('WebDriver:NewSession', {
      ...wanted,
      capabilities: { alwaysMatch: wanted },
    })) as { sessionId: string; capabilities: { webSocketUrl: string } };
    await this.send('Marionette:SetContext', { value: 'chrome' });
    return session;
  }

  /** Evaluates an expression (awaited when it is a promise) in the chrome scope; returns its JSON value. */
  async evaluate(expression: string): Promise<unknown> {
    const answer = (await this.send('WebDriver:ExecuteScript', { script: `return (${expression});`, args: [] })) as {
      value: unknown;
    };
    return answer.value ?? undefined;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A loopback port free at the time of asking, for Firefox's `marionette.port` pref. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/**
 * A puppeteer transport bound to the BiDi WebSocket of a session Marionette created
 * (`webSocketUrl: true`). Firefox allows one WebDriver session: puppeteer's own `session.new` is answered
 * here with that session, so puppeteer and Marionette's chrome context share it.
 */
export class SessionBoundTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;

  private constructor(
    private readonly socket: WebSocket,
    private readonly session: { sessionId: string; capabilities: object },
  ) {
    socket.on('message', (data) => this.onmessage?.(data.toString()));
    socket.on('close', () => this.onclose?.());
    socket.on('error', () => undefined);
  }

  static async open(url: string, session: { sessionId: string; capabilities: object }): Promise<SessionBoundTransport> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((done, fail) => {
      socket.once('open', () => done());
      socket.once('error', fail);
    });
    return new SessionBoundTransport(socket, session);
  }

  send(message: string): void {
    const command = JSON.parse(message) as { id: number; method: string };
    if (command.method === 'session.new') {
      queueMicrotask(() => this.onmessage?.(JSON.stringify({ type: 'success', id: command.id, result: this.session })));
      return;
    }
    this.socket.send(message);
  }

  close(): void {
    this.socket.close();
  }
}
