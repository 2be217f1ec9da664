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

export const commandGroups: readonly CommandGroup[] = [
  {
    commands: [top('compose', '', 'help.group.compose')],
    load: async () => (await import('./compose.js')).registerComposeCommands,
  },
  {
    commands: [top('stack', '', 'help.group.stack')],
    load: async () => (await import('./stack.js')).registerStackCommands,
  },
  {
    commands: [top('network', '', 'help.group.network')],
    load: async () => (await import('./network.js')).registerNetworkCommands,
  },
  {
    commands: [top('image', '', 'help.group.image')],
    load: async () => (await import('./image.js')).registerImageCommands,
  },
  {
    commands: [top('sbom', '[options] [image]', 'help.group.sbom')],
    load: async () => (await import('./sbom.js')).registerSbomCommand,
  },
  {
    commands: [top('policy', '', 'help.group.policy')],
    load: async () => (await import('./policy.js')).registerPolicyCommands,
  },
  {
    commands: [top('db', '', 'help.group.db')],
    load: async () => (await import('./db.js')).registerDbCommands,
  },
  {
    commands: [top('bench', '[options]', 'help.bench')],
    load: async () => (await import('./bench.js')).registerBenchCommands,
  },
  {
    commands: [top('swarm', '', 'help.group.swarm'), top('audit', '[options]', 'help.audit')],
    load: async () => (await import('./audit.js')).registerAuditCommands,
  },
  {
    commands: [top('host', '', 'help.group.host')],
    load: async () => (await import('./host.js')).registerHostCommands,
  },
  {
    commands: [top('serve', '[options]', 'help.group.serve'), top('watch', '[options]', 'help.group.watch')],
    load: async () => (await import('./autoscan.js')).registerAutoscanCommands,
  },
  {
    commands: [top('history', '[options] [image]', 'help.group.history')],
    load: async () => (await import('./history.js')).registerHistoryCommands,
  },
  {
    commands: [top('self', '', 'help.group.self')],
    load: async () => (await import('./self.js')).registerSelfCommands,
  },
  {
    commands: [top('dashboard', '[options]', 'help.group.dashboard')],
    load: async () => (await import('./dashboard.js')).registerDashboardCommands,
  },
  {
    commands: [top('engine', '', 'help.group.engine')],
    load: async () => (await import('./engine.js')).registerEngineCommands,
  },
];

/** The group that registers the top-level command NAME, if any. */
export function groupOf(name: string): CommandGroup | undefined {
  return commandGroups.find((g) => g.commands.some((c) => c.name === name));
}
