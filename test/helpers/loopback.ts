// A test's HTTP(S) server on loopback: listening at a free port, and closed with the connections it still holds.
import type http from 'node:http';
import type https from 'node:https';
import type { AddressInfo } from 'node:net';

/** Starts `server` on 127.0.0.1 at a free port; resolves with its base URL ("http://127.0.0.1:PORT"). */
export async function listenOnLoopback(server: http.Server | https.Server, scheme: 'http' | 'https' = 'http'): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes `server`, ending the connections a client left open. */
export async function closeServer(server: http.Server | https.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
}
