// Parsers of option values that several commands share, and listening on the --listen they parse.
import type { Server } from 'node:net';
import { UserError, messageOf } from '../core/errors.js';
import { cliMessages as M } from './messages.js';

/** A comma-separated, repeatable option (`--rule a,b --rule c`): every id, in order, blanks dropped. */
export function collectIds(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  ];
}

/** --listen HOST:PORT (an IPv6 host in brackets, `[::1]:8090`; a port up to 65535): the host without its brackets, and the port. */
export function parseListen(value: string, examplePort: number): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) {
    throw new UserError(M.say('cli.listen.invalid', { value }), { hint: M.say('cli.listen.hint', { port: examplePort }) });
  }
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** Listens on HOST:PORT (as parseListen gives them); a port in use (or any other failure) is a user error naming the address. */
export async function listenOn(server: Server, port: number, host: string, address: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new UserError(M.say('cli.cannotListen', { address, error: messageOf(e) }))));
    server.listen(port, host, resolve);
  });
}
