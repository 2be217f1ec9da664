import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../../../../src/compose/rules/image-not-pinned.js';
import { lines, lintWith } from '../helpers.js';

describe('image-not-pinned', () => {
  it('parses references with registry ports, tags and digests', () => {
    expect(parseImageRef('nginx')).toEqual({ name: 'nginx' });
    expect(parseImageRef('nginx:')).toEqual({ name: 'nginx' });
    expect(parseImageRef('registry:5000/team/app')).toEqual({ name: 'registry:5000/team/app' });
    expect(parseImageRef('registry:5000/team/app:1.2')).toEqual({ name: 'registry:5000/team/app', tag: '1.2' });
    expect(parseImageRef('nginx:1.27@sha256:abc')).toEqual({ name: 'nginx', tag: '1.27', digest: 'sha256:abc' });
  });

  it('reports no tag and latest (MEDIUM) and tag without digest (LOW)', async () => {
    const f = await lintWith('image-not-pinned', 'services:\n  a:\n    image: nginx\n  b:\n    image: nginx:latest\n  c:\n    image: registry:5000/x:1.2\n');
    expect(lines(f)).toEqual([3, 5, 7]);
    expect(f.map((x) => x.severity)).toEqual(['MEDIUM', 'MEDIUM', 'LOW']);
  });

  it('accepts digests', async () => {
    const d = 'sha256:' + 'a'.repeat(64);
    expect(await lintWith('image-not-pinned', `services:\n  a:\n    image: nginx:1.27@${d}\n  b:\n    image: nginx@${d}\n`)).toEqual([]);
  });
});
