// `db update --help` and `db import --help` name every kind of source the database is built from, KEV and EPSS
// included, in English and in Japanese; every source type the help lists is one `--source` accepts.
import type { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';
import { loadHelpTexts } from '../../../src/i18n/commander.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { defaultSources, parseSourceFlag } from '../../../src/vulndb/config.js';

afterEach(() => setLocale('en'));

async function dbCommand(name: string, lang: 'en' | 'ja'): Promise<Command> {
  await loadHelpTexts(lang);
  setLocale(lang);
  const program = await buildProgram(['node', 'swarmguard', '--lang', lang, 'db', name, '--help']);
  const cmd = program.commands.find((c) => c.name() === 'db')?.commands.find((c) => c.name() === name);
  if (cmd === undefined) throw new Error(`no db ${name} command`);
  return cmd;
}

/** The command's description and its options' as its help shows them, before the layout wraps them. */
function helpOf(cmd: Command): string {
  const help = cmd.createHelp();
  return [help.commandDescription(cmd), ...cmd.options.map((o) => help.optionDescription(o))].join('\n');
}

/** The source types listed in the `--source` description: "TYPE=URL (a, b, …)" or "TYPE=URL（a、b、…）". */
function listedTypes(cmd: Command): string[] {
  const source = cmd.options.find((o) => o.long === '--source');
  if (source === undefined) throw new Error('db update has no --source');
  const description = cmd.createHelp().optionDescription(source);
  const list = /TYPE=URL\s*[(（]([^)）]*)[)）]/u.exec(description)?.[1] ?? '';
  return list.split(/[,、]\s*/u).filter((t) => t !== '');
}

describe('db update --help', () => {
  it('names KEV and EPSS among the sources it downloads, in English and Japanese', async () => {
    for (const lang of ['en', 'ja'] as const) {
      const help = helpOf(await dbCommand('update', lang));
      expect(help, lang).toContain('CISA KEV');
      expect(help, lang).toContain('FIRST EPSS');
      expect(help, lang).toMatch(/\bkev\b.*\bepss\b/);
    }
    expect(helpOf(await dbCommand('update', 'ja'))).toContain('既定: OSV、Alpine secdb');
  });

  it('lists the type of every default source, and only types --source accepts', async () => {
    const types = listedTypes(await dbCommand('update', 'en'));
    expect(types).toEqual(listedTypes(await dbCommand('update', 'ja')));
    for (const s of defaultSources()) expect(types, s.id).toContain(s.type);
    expect(types.length).toBeGreaterThanOrEqual(8);
    for (const type of types) expect(parseSourceFlag(`${type}=https://mirror.example/feed`).type).toBe(type);
  });
});

describe('db import --help', () => {
  it('names the KEV catalogue and EPSS scores among the files it imports', async () => {
    expect(helpOf(await dbCommand('import', 'en'))).toMatch(/CISA KEV catalogue JSON, FIRST EPSS scores CSV/);
    expect(helpOf(await dbCommand('import', 'ja'))).toMatch(/CISA KEV カタログの JSON、FIRST EPSS スコアの CSV/);
  });
});
