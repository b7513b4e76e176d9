import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A loopback TCP relay in front of the database endpoint that a test can switch off and on: off,
 * new connections are refused and open ones are cut, exactly as if the database host went away.
 */
export interface DatabaseSwitch {
  port: number;
  off(): Promise<void>;
  on(): Promise<void>;
  close(): Promise<void>;
}

export async function databaseSwitch(targetPort: number): Promise<DatabaseSwitch> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const relay = createServer((client) => {
        const upstream = connect(targetPort, "127.0.0.1");
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.once("close", () => sockets.delete(socket));
          socket.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      relay.once("error", reject);
      relay.listen(port, "127.0.0.1", () => {
        const address = relay.address();
        if (typeof address === "object" && address) port = address.port;
        server = relay;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await listen();
  return { port, off: stop, on: listen, close: stop };
}
