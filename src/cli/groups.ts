// Every command group the CLI offers. Only the group a command line names is imported, so
// `--help`, `--version` and `compose lint` never load the engine client, the database or the
// archive readers. The names, usage terms and descriptions below are what top-level `--help`
// shows without loading any group; test/unit/cli/groups.test.ts checks them against the modules.
import type { Command } from 'commander';

export type RegisterCommands = (program: Command) => void;

/** A top-level command as `swarmguard --help` lists it. */
export interface TopCommand {
  readonly name: string;
  /** The usage term, e.g. `sbom [options] <image>`. */
  readonly term: string;
  readonly description: string;
}

export interface CommandGroup {
  readonly commands: readonly TopCommand[];
  /** Imports the group's module and returns its register function. */
  readonly load: () => Promise<RegisterCommands>;
}

const top = (name: string, args: string, description: string): TopCommand => ({ name, term: args ? `${name} ${args}` : name, description });

export const commandGroups: readonly CommandGroup[] = [
  {
    commands: [top('compose', '', 'lint compose/stack files for Swarm, list the rules, write a secure starting stack')],
    load: async () => (await import('./compose.js')).registerComposeCommands,
  },
  {
    commands: [top('stack', '', 'deploy and manage Swarm stacks (gated by the compose lint)')],
    load: async () => (await import('./stack.js')).registerStackCommands,
  },
  {
    commands: [top('network', '', 'overlay encryption and node network prerequisites')],
    load: async () => (await import('./network.js')).registerNetworkCommands,
  },
  {
    commands: [
      top('image', '', 'image vulnerabilities and hardening: scan, diff, lint'),
      top(
        'sbom',
        '[options] <image>',
        'the package inventory of an image, read from its layers: dpkg, apk, rpm, Go and Rust binaries, Java archives, gems, Composer, .NET, npm, Python',
      ),
    ],
    load: async () => (await import('./image.js')).registerImageCommands,
  },
  {
    commands: [top('db', '', 'the vulnerability database: download, status, offline import/export')],
    load: async () => (await import('./db.js')).registerDbCommands,
  },
  {
    commands: [
      top('bench', '[options]', 'CIS Docker Benchmark 1.6.0 on this host: daemon, files, images, containers, swarm (docker-bench-security compatible output)'),
    ],
    load: async () => (await import('./bench.js')).registerBenchCommands,
  },
  {
    commands: [
      top('swarm', '', 'the live swarm'),
      top(
        'audit',
        '[options]',
        'one report for the whole cluster: compose lint (-c), live swarm, host, CIS benchmark, image lint and vulnerability scan of every service image',
      ),
    ],
    load: async () => (await import('./audit.js')).registerAuditCommands,
  },
  {
    commands: [top('host', '', 'hardening checks of this host and its Docker daemon')],
    load: async () => (await import('./host.js')).registerHostCommands,
  },
  {
    commands: [
      top(
        'serve',
        '[options]',
        "scan images as they are pushed: a receiver for the registry's notifications (registry config `notifications: endpoints:`), with health and metrics",
      ),
      top(
        'watch',
        '[options]',
        "scan the image of every service created or updated on this swarm (follows the engine's events from a manager; resumes after an engine restart without missing events)",
      ),
    ],
    load: async () => (await import('./autoscan.js')).registerAutoscanCommands,
  },
  {
    commands: [top('history', '[options] [image]', 'scans kept by `serve`, `watch` and manual scans: image, trigger, time, counts per severity, new findings')],
    load: async () => (await import('./history.js')).registerHistoryCommands,
  },
  {
    commands: [top('engine', '', 'the Docker engine swarmguard talks to')],
    load: async () => (await import('./engine.js')).registerEngineCommands,
  },
];

/** The group that registers the top-level command NAME, if any. */
export function groupOf(name: string): CommandGroup | undefined {
  return commandGroups.find((g) => g.commands.some((c) => c.name === name));
}
