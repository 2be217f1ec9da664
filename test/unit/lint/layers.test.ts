// The layer rules of eslint.config.js catch what they are for: the project's own config, run by ESLint on a small
// temporary tree that imports bench from core, imports and calls dockerode in stack, and has a file cycle (through a
// type-only import); a tree that keeps to the layers passes.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
let dir = '';

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sg-layers-lint-'));
  cpSync(path.join(root, 'eslint.config.js'), path.join(dir, 'eslint.config.js'));
  cpSync(path.join(root, 'eslint.layers.js'), path.join(dir, 'eslint.layers.js'));
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  write('package.json', JSON.stringify({ type: 'module' }));
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: ['node'] },
      include: ['src'],
    }),
  );
  write('src/bench/catalogue.ts', 'export const checks = 1;\n');
  write('src/core/uses-bench.ts', "import { checks } from '../bench/catalogue.js';\nexport const n = checks + 1;\n");
  write('src/stack/engine-client.ts', "import Docker from 'dockerode';\nexport const client = new Docker();\n");
  write(
    'src/stack/raw-call.ts',
    "import type Docker from 'dockerode';\nexport const services = async (docker: Docker): Promise<number> => (await docker.listServices()).length;\n",
  );
  write('src/stack/cycle-a.ts', "import type { B } from './cycle-b.js';\nexport interface A { b?: B }\n");
  write('src/stack/cycle-b.ts', "import type { A } from './cycle-a.js';\nexport interface B { a?: A }\n");
  write('src/cli/main.ts', 'export const main = (): number => 0;\n');
  write('src/network/uses-cli.ts', "import { main } from '../cli/main.js';\nexport const m = main();\n");
  write('src/i18n/uses-network.ts', "import { m } from '../network/uses-cli.js';\nexport const t = String(m);\n");
  write('src/image/uses-scan.ts', "import { s } from '../scan/scan.js';\nexport const i = s;\n");
  write('src/scan/scan.ts', 'export const s = 1;\n');
  // What keeps to the layers: stack over core and engine, the engine calling its client, a type-only dockerode import.
  write('src/core/leaf.ts', 'export const leaf = 1;\n');
  // The catalogues on core's ground floor: core reads them, they import nothing (not even the rest of core).
  write('src/core/references/catalogue.ts', 'export const ids = [1];\n');
  write('src/core/titles.ts', "import { ids } from './references/catalogue.js';\nexport const titles = ids.map(String);\n");
  write('src/core/references/uses-core.ts', "import { leaf } from '../leaf.js';\nexport const r = leaf;\n");
  write(
    'src/engine/api.ts',
    "import type Docker from 'dockerode';\nimport { leaf } from '../core/leaf.js';\nexport const list = async (docker: Docker): Promise<number> => (await docker.listServices()).length + leaf;\n",
  );
  write(
    'src/stack/good.ts',
    "import type Docker from 'dockerode';\nimport { leaf } from '../core/leaf.js';\nimport { list } from '../engine/api.js';\nexport const good = async (d: Docker): Promise<number> => (await list(d)) + leaf;\n",
  );
});
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('layer rules in npm run lint', () => {
  it('reports each layer violation in the file that makes it, and nothing in a file that keeps to the layers', async () => {
    const eslint = new ESLint({ cwd: dir, cache: false });
    const results = await eslint.lintFiles(['src']);
    const byFile = Object.fromEntries(
      results.map((r) => [path.relative(dir, r.filePath).split(path.sep).join('/'), r.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`)]),
    );
    const rules = (f: string) => (byFile[f] ?? []).map((m) => m.split(':')[0]);
    expect(byFile['src/core/uses-bench.ts']?.join('\n')).toMatch(/layers\/imports: core\/ may import nothing of the project, not bench\//);
    expect(rules('src/stack/engine-client.ts')).toContain('@typescript-eslint/no-restricted-imports');
    expect(byFile['src/stack/raw-call.ts']?.join('\n')).toMatch(/layers\/engine-calls: listServices\(\) on the engine client outside src\/engine\//);
    expect(byFile['src/stack/cycle-a.ts']?.join('\n')).toMatch(
      /layers\/no-cycle: import cycle: src\/stack\/cycle-a\.ts → src\/stack\/cycle-b\.ts → src\/stack\/cycle-a\.ts/,
    );
    expect(rules('src/stack/cycle-b.ts')).toContain('layers/no-cycle');
    expect(byFile['src/network/uses-cli.ts']?.join('\n')).toMatch(/layers\/imports: nothing outside cli\/ imports cli\//);
    expect(byFile['src/i18n/uses-network.ts']?.join('\n')).toMatch(/layers\/imports: i18n\/ may import core\/, not network\//);
    expect(byFile['src/core/references/uses-core.ts']?.join('\n')).toMatch(/layers\/imports: core\/references\/ may import nothing of the project, not core\//);
    expect(byFile['src/image/uses-scan.ts']?.join('\n')).toMatch(/layers\/imports: image\/ must not import scan\//);
    for (const f of [
      'src/core/leaf.ts',
      'src/core/titles.ts',
      'src/core/references/catalogue.ts',
      'src/engine/api.ts',
      'src/stack/good.ts',
      'src/bench/catalogue.ts',
      'src/scan/scan.ts',
      'src/cli/main.ts',
    ])
      expect(byFile[f], f).toEqual([]);
  }, 120_000);
});
