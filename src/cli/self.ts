// `swarmguard self init`: swarmguard as a stack on the swarm it guards (src/autoscan/self-stack.ts).
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { ExitCode, UserError, messageOf } from '../core/errors.js';
import { connectEngine } from '../engine/connection.js';
import { isDeployTimeImage, writeSelfStack } from '../autoscan/self-stack.js';
import { isPinnedReference, pinImage } from '../engine/node-job.js';
import { cliMessages as M } from './messages.js';
import { action } from './run.js';
import { t } from '../i18n/messages.js';

const DEFAULT_SELF_FILE = 'swarmguard.yaml';

/** A reference pinned by digest stays as it is; anything else is pinned as the all-nodes jobs pin theirs. */
async function pinSelfImage(ref: string): Promise<string> {
  if (isDeployTimeImage(ref) || isPinnedReference(ref)) return ref;
  const conn = await connectEngine();
  return (await pinImage(conn.docker, ref)).ref;
}

/**
 * The group the services reach the engine socket by: --socket-gid, else the group of the socket here. Group 0 is
 * refused either way (the services would run as root's group); from the socket, the error says so and asks for
 * --socket-gid.
 */
export function socketGid(given: string | undefined, socket = '/var/run/docker.sock'): number {
  if (given === undefined) {
    let gid: number;
    try {
      gid = statSync(socket).gid;
    } catch (e) {
      throw new UserError(M.say('cli.self.socketGroup', { socket, error: messageOf(e) }), { hint: M.say('cli.self.socketGroup.hint') });
    }
    if (gid < 1) throw new UserError(M.say('cli.self.socketGroupRoot', { socket, gid }), { hint: M.say('cli.self.socketGroupRoot.hint') });
    return gid;
  }
  const gid = Number(given);
  if (!Number.isInteger(gid) || gid < 1 || gid > 2 ** 31) throw new UserError(M.say('cli.self.socketGid', { value: given }));
  return gid;
}

export function registerSelfCommands(program: Command): void {
  const self = program.command('self').description(t('help.group.self'));
  self
    .command('init')
    .description('write the stack that runs swarmguard on this swarm: PostgreSQL, serve, watch and the dashboard')
    .argument('[file]', 'where to write it', DEFAULT_SELF_FILE)
    .requiredOption(
      '--image <ref>',
      'swarmguard image: registry/swarmguard@sha256:…, or a tag this engine has (pinned to its image ID); ${SWARMGUARD_IMAGE} leaves it to deploy time',
    )
    .option('--socket-gid <gid>', 'group owning the engine socket on the nodes (default: that of /var/run/docker.sock here)')
    .option('--dashboard-port <port>', 'port the dashboard is published on (host mode)', '8091')
    .option('--secret-prefix <name>', 'prefix of the external secrets (<prefix>_db_password, _serve_token, _dashboard_token)', 'swarmguard')
    .option('--force', 'overwrite FILE if it exists')
    .addHelpText(
      'after',
      `\nThen: swarmguard compose lint ${DEFAULT_SELF_FILE} && docker stack deploy --resolve-image never -c ${DEFAULT_SELF_FILE} swarmguard`,
    )
    .action(
      action(async (file: string, opts: { image: string; socketGid?: string; dashboardPort: string; secretPrefix: string; force?: boolean }) => {
        const gid = socketGid(opts.socketGid);
        const port = Number(opts.dashboardPort);
        if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(M.say('cli.self.dashboardPort', { value: opts.dashboardPort }));
        if (!/^[a-z0-9][a-z0-9_.-]{0,40}$/.test(opts.secretPrefix)) throw new UserError(M.say('cli.self.secretPrefix', { value: opts.secretPrefix }));
        const image = await pinSelfImage(opts.image);
        await writeSelfStack(file, { image, socketGid: gid, dashboardPort: port, secretPrefix: opts.secretPrefix, force: opts.force === true });
        process.stderr.write(
          `wrote ${file} (image ${image})\nnext: swarmguard compose lint ${file} && docker stack deploy --resolve-image never -c ${file} swarmguard\n`,
        );
        return ExitCode.OK;
      }),
    );
}
