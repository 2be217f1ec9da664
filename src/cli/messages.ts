// The English of what the commands of src/cli say when they refuse a flag or an input, by id (src/i18n/ja/cli.ts says
// it in Japanese). Flags, files, hosts, names and numbers are values, put in as they are.
import { defineMessages } from '../core/message.js';

export const cliMessages = defineMessages({
  // shared by several commands
  'cli.cannotListen': 'cannot listen on {address}: {error}',
  'cli.listen.invalid': '--listen: "{value}" is not HOST:PORT',
  'cli.listen.hint': 'e.g. 127.0.0.1:{port}',
  'cli.exitCode.invalid': '--exit-code: "{value}" is not a whole number from 0 to 255',
  // serve and watch (src/cli/autoscan.ts)
  'cli.autoscan.concurrency': '--concurrency: "{value}" must be 1 to 16',
  'cli.autoscan.leaseSeconds': '--lease-seconds: "{value}" must be 2 to 3600',
  'cli.autoscan.allowRegistry': '--allow-registry: "{value}" is not a host[:port]',
  'cli.watch.needsManager': 'watch needs a swarm manager: point DOCKER_HOST at one',
  'cli.watch.since': '--since: "{value}" is not a number of seconds',
  // compose lint (src/cli/compose.ts)
  'cli.compose.noFile': 'no compose file given',
  'cli.compose.noFile.hint': 'e.g. swarmguard compose lint stack.yml',
  'cli.compose.dryRun': '--dry-run only makes sense with --fix',
  'cli.compose.dryRun.hint': 'add --fix to preview the fixes',
  // dashboard (src/cli/dashboard.ts)
  'cli.dashboard.noImage': 'no image {key} in the history',
  'cli.dashboard.noAuth.hint': 'give --token-file (or $SWARMGUARD_DASHBOARD_TOKEN) or --tls-ca for mutual TLS, or listen on 127.0.0.1',
  'cli.dashboard.notOnEngine': "the image is not on this node's engine ({error})",
  // db (src/cli/db.ts)
  'cli.db.sourceTwice': 'source "{id}" is listed twice',
  'cli.db.bundleAlone': 'a bundle replaces the whole database: import it on its own',
  'cli.db.bundleAlone.hint': 'run `db import BUNDLE`, then `db import FILES…`',
  // sbom (src/cli/sbom.ts)
  'cli.sbom.noImage': 'name an image, or give --input FILE',
  'cli.sbom.noImage.hint': 'swarmguard sbom nginx:1.27, or swarmguard sbom --input app.tar',
  // self init (src/cli/self.ts)
  'cli.self.socketGroup': 'cannot read the group of {socket}: {error}',
  'cli.self.socketGroup.hint': 'give --socket-gid',
  'cli.self.socketGroupRoot': '{socket} belongs to group {gid} (root): the services are not given that group',
  'cli.self.socketGroupRoot.hint': 'give --socket-gid: the group above 0 that owns the engine socket on the nodes (often docker)',
  'cli.self.socketGid': '--socket-gid: "{value}" must be a group id above 0',
  'cli.self.dashboardPort': '--dashboard-port: "{value}" is not a port',
  'cli.self.secretPrefix': '--secret-prefix: "{value}" is not a secret name prefix',
});
