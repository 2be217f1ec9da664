import { expect, it } from 'vitest';
import { lines } from '../helpers.js';
import { describeRule } from './rule-test.js';

describeRule('image-not-pinned', (lint) => {
  it('reads references through the one image reference type: registry ports, empty tags, digests', async () => {
    const sev = async (image: string) => (await lint(`services:\n  a:\n    image: "${image}"\n`)).map((f) => f.severity);
    expect(await sev('nginx')).toEqual(['MEDIUM']);
    expect(await sev('nginx:')).toEqual(['MEDIUM']);
    expect(await sev('registry:5000/team/app')).toEqual(['MEDIUM']);
    expect(await sev('registry:5000/team/app:1.2')).toEqual(['LOW']);
    expect(await sev(`nginx:1.27@sha256:${'a'.repeat(64)}`)).toEqual([]);
  });

  it('reports no tag and latest (MEDIUM) and tag without digest (LOW)', async () => {
    const f = await lint('services:\n  a:\n    image: nginx\n  b:\n    image: nginx:latest\n  c:\n    image: registry:5000/x:1.2\n');
    expect(lines(f)).toEqual([3, 5, 7]);
    expect(f.map((x) => x.severity)).toEqual(['MEDIUM', 'MEDIUM', 'LOW']);
  });

  it('accepts digests', async () => {
    const d = 'sha256:' + 'a'.repeat(64);
    expect(await lint(`services:\n  a:\n    image: nginx:1.27@${d}\n  b:\n    image: nginx@${d}\n`)).toEqual([]);
    // A full image ID (self init pins a local build to it) names the content; a short one does not.
    expect(await lint(`services:\n  a:\n    image: "${d}"\n`)).toEqual([]);
    expect((await lint(`services:\n  a:\n    image: "sha256:abc"\n`)).length).toBe(1);
  });
});
