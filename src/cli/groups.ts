// Every command group the CLI offers. Only the group a command line names is imported, so
// `--help`, `--version` and `compose lint` never load the engine client, the database or the
// archive readers. The names, usage terms and descriptions below are what top-level `--help`
// shows without loading any group; test/unit/cli/groups.test.ts checks them against the modules.
import type { Command } from 'commander';
import { t, type MessageId } from '../i18n/messages.js';

export type RegisterCommands = (program: Command) => void;

/** A top-level command as `swarmguard --help` lists it. */
export interface TopCommand {
  readonly name: string;
  /** The usage term, e.g. `sbom [options] [image]`. */
  readonly term: string;
  readonly description: string;
}

export interface CommandGroup {
  readonly commands: readonly TopCommand[];
  /** Imports the group's module and returns its register function. */
  readonly load: () => Promise<RegisterCommands>;
}

/** The description is read when help is shown, in the language chosen by then. */
const top = (name: string, args: string, description: MessageId): TopCommand => ({
  name,
  term: args ? `${name} ${args}` : name,
  get description() {
    return t(description);
  },
});

/** A group: the import of its module (a literal path, where the bundle splits into a chunk) and the commands it registers. */
const group = (load: () => Promise<RegisterCommands>, ...commands: TopCommand[]): CommandGroup => ({ commands, load });

export const commandGroups: readonly CommandGroup[] = [
  group(async () => (await import('./compose.js')).registerComposeCommands, top('compose', '', 'help.group.compose')),
  group(async () => (await import('./stack.js')).registerStackCommands, top('stack', '', 'help.group.stack')),
  group(async () => (await import('./network.js')).registerNetworkCommands, top('network', '', 'help.group.network')),
  group(async () => (await import('./image.js')).registerImageCommands, top('image', '', 'help.group.image')),
  group(async () => (await import('./sbom.js')).registerSbomCommand, top('sbom', '[options] [image]', 'help.group.sbom')),
  group(async () => (await import('./policy.js')).registerPolicyCommands, top('policy', '', 'help.group.policy')),
  group(async () => (await import('./db.js')).registerDbCommands, top('db', '', 'help.group.db')),
  group(async () => (await import('./bench.js')).registerBenchCommands, top('bench', '[options]', 'help.bench')),
  group(async () => (await import('./audit.js')).registerAuditCommands, top('swarm', '', 'help.group.swarm'), top('audit', '[options]', 'help.audit')),
  group(async () => (await import('./host.js')).registerHostCommands, top('host', '', 'help.group.host')),
  group(
    async () => (await import('./autoscan.js')).registerAutoscanCommands,
    top('serve', '[options]', 'help.group.serve'),
    top('watch', '[options]', 'help.group.watch'),
  ),
  group(async () => (await import('./history.js')).registerHistoryCommands, top('history', '[options] [image]', 'help.group.history')),
  group(async () => (await import('./self.js')).registerSelfCommands, top('self', '', 'help.group.self')),
  group(async () => (await import('./dashboard.js')).registerDashboardCommands, top('dashboard', '[options]', 'help.group.dashboard')),
  group(async () => (await import('./engine.js')).registerEngineCommands, top('engine', '', 'help.group.engine')),
];

/** The group that registers the top-level command NAME, if any. */
export function groupOf(name: string): CommandGroup | undefined {
  return commandGroups.find((g) => g.commands.some((c) => c.name === name));
}
