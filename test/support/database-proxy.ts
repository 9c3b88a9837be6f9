import { createServer, connect, Server, Socket } from 'node:net';

/**
 * A TCP relay between the app and the test database, which a test can cut and restore: a database
 * outage on demand, of any length, for either kind of database. Cut, it closes every relayed
 * connection and refuses new ones (nothing listens on its port); restored, it listens again on the
 * same port.
 */
export class DatabaseProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(private readonly target: URL) {}

  /** Listens on a free port and returns the database URL through it. */
  async start(): Promise<string> {
    await this.listen();
    const url = new URL(this.target.toString());
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /** The outage: every open connection is cut, new ones are refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((closed) => server.close(() => closed()));
  }

  /** The end of the outage: connections are relayed again, on the same port. */
  restore(): Promise<void> {
    return this.listen();
  }

  async stop(): Promise<void> {
    await this.cut();
  }

  private listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    return new Promise((listening, failed) => {
      server.once('error', failed);
      server.listen(this.port, '127.0.0.1', () => {
        this.port = (server.address() as { port: number }).port;
        listening();
      });
    });
  }
}
