// `swarmguard engine info`: which engine we reach, the negotiated API version, swarm state.
import { readInfo } from '../engine/api.js';
import type { Command } from 'commander';
import { connectEngine } from '../engine/connection.js';
import { action } from './run.js';
import { t } from '../i18n/messages.js';

export function registerEngineCommands(program: Command): void {
  const engine = program.command('engine').description(t('help.group.engine'));
  engine
    .command('info')
    .description('connect (DOCKER_HOST, TLS, SSH), negotiate the API version, show the swarm state')
    .option('--json', 'print JSON')
    .action(
      action(async (opts: { json?: boolean }) => {
        const conn = await connectEngine();
        const info = await readInfo(conn.docker);
        const out = {
          endpoint: conn.endpoint.display,
          engineVersion: conn.server.Version,
          apiVersion: conn.apiVersion,
          serverApiVersion: conn.server.ApiVersion,
          os: conn.server.Os,
          arch: conn.server.Arch,
          name: info.Name,
          swarm: info.Swarm.LocalNodeState,
          manager: info.Swarm.ControlAvailable,
        };
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        } else {
          const width = Math.max(...Object.keys(out).map((k) => k.length));
          for (const [k, v] of Object.entries(out)) process.stdout.write(`${k.padEnd(width)}  ${String(v)}\n`);
        }
      }),
    );
}
