import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandGroups, groupOf } from '../../../src/cli/groups.js';
import { buildProgram, commandNamed } from '../../../src/cli/program.js';

const argv = (...args: string[]) => ['node', 'swarmguard', ...args];
const help = new Help();

describe('the static list of top-level commands', () => {
  it('names, usage terms and descriptions match what the group modules register', async () => {
    const full = await buildProgram(argv(), { all: true });
    const registered = full.commands.map((c) => ({ name: c.name(), term: help.subcommandTerm(c), description: c.description() }));
    const listed = commandGroups.flatMap((g) => g.commands.map((c) => ({ ...c })));
    expect(listed).toEqual(registered);
  });

  it('each group registers exactly the commands it lists', async () => {
    for (const group of commandGroups) {
      const program = new Command('swarmguard');
      (await group.load())(program);
      expect(program.commands.map((c) => c.name())).toEqual(group.commands.map((c) => c.name));
    }
  });

  it('no two groups claim the same command', () => {
    const names = commandGroups.flatMap((g) => g.commands.map((c) => c.name));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('commandNamed', () => {
  it('skips global flags and looks through `help`', () => {
    expect(commandNamed(['--debug', 'compose', 'lint', 'x.yaml'])).toBe('compose');
    expect(commandNamed(['help', 'sbom'])).toBe('sbom');
    expect(commandNamed(['--help'])).toBeUndefined();
    expect(commandNamed(['-V'])).toBeUndefined();
    expect(commandNamed([])).toBeUndefined();
  });
});

describe('buildProgram', () => {
  it('registers only the named group', async () => {
    const program = await buildProgram(argv('sbom', 'alpine:3'));
    expect(program.commands.map((c) => c.name())).toEqual(groupOf('sbom')?.commands.map((c) => c.name));
  });

  it('lists every command, with the same help as the full program, when none is named', async () => {
    const light = await buildProgram(argv('--help'));
    const full = await buildProgram(argv('--help'), { all: true });
    expect(light.helpInformation()).toBe(full.helpInformation());
  });

  it('lists the commands in English in printable ASCII: `--help` shows them without the display-width tables', async () => {
    const text = (await buildProgram(argv('--help'))).helpInformation();
    expect(text).toContain('sbom [options] [image]');
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it('lists every command for an unknown one, so that commander can suggest the nearest', async () => {
    const program = await buildProgram(argv('sbomm'));
    expect(program.commands.map((c) => c.name())).toContain('sbom');
  });
});
