// The built CLI talks to the engine without loading dockerode's BuildKit session (gRPC, protobuf) or docker-modem's
// SSH transport (ssh2): a preload reports, as the process exits, which CommonJS modules it loaded. Checks the
// bundle as users run it (bin/swarmguard.js), which a unit test of src/ cannot.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/run.js';

const root = path.resolve(import.meta.dirname, '../..');
const preload = `data:text/javascript,${encodeURIComponent(`
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(path.join(root, 'package.json'))});
process.on('exit', () => {
  const loaded = Object.keys(require.cache).map((f) => f.split('/node_modules/').pop());
  process.stderr.write('SG-CJS ' + JSON.stringify(loaded) + '\\n');
});
`)}`;

/** Runs the built CLI; returns its exit status and the packages (node_modules paths) it required. */
async function cjsLoadedBy(args: string[]): Promise<{ status: number | null; stdout: string; modules: string[] }> {
  const r = await run(process.execPath, ['--import', preload, path.join(root, 'bin/swarmguard.js'), ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('SG-CJS '));
  return { status: r.status, stdout: r.stdout, modules: line ? (JSON.parse(line.slice(7)) as string[]) : [] };
}

describe('the engine client loads without what it does not use (built CLI)', () => {
  it('bench reads the engine with dockerode, and neither gRPC, protobuf nor ssh2 is loaded', async () => {
    const r = await cjsLoadedBy(['bench', '--check', '2.1,5.1', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ tests: expect.any(Array) as unknown });
    // Positive control: the preload sees the engine client the command used.
    expect(r.modules).toContain('dockerode/lib/docker.js');
    expect(r.modules).toContain('docker-modem/lib/modem.js');
    expect(r.modules.filter((m) => /^(@grpc\/|protobufjs\/|ssh2\/|@protobufjs\/)/.test(m))).toEqual([]);
  });
});
