// Side by side with the engine: every reference the parser accepts, the engine accepts, and the other way
// round. The engine answers 400 "invalid reference format" for what it cannot parse and 404 for a valid
// name it does not have. Deliberate differences, left out of the corpus: bracketed IPv6 registries (newer
// docker accepts them, engine 20.10 does not) and a bare 64-digit hex string (the engine reads an image ID).
import http from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tryParseImageReference } from '../../src/core/image-reference.js';

const SOCKET = (process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock').replace(/^unix:\/\//, '');

function engineAccepts(ref: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: SOCKET, path: `/v1.41/images/${ref}/json`, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        if (res.statusCode === 400 && /invalid reference format/.test(body)) resolve(false);
        else if (res.statusCode === 404 || res.statusCode === 200) resolve(true);
        else reject(new Error(`${ref}: engine answered ${res.statusCode} ${body}`));
      });
    });
    req.on('error', reject);
    req.end();
  });
}

// Characters that matter to the grammar, and nothing a URL path would change.
const piece = fc.oneof(
  fc.constantFrom('a', 'b', 'z', '0', '9', 'A', 'Z', '.', '_', '__', '-', '--', ':', '/', '@', 'localhost', 'ex.com', ':5000', 'sha256:', 'library'),
  fc.stringMatching(/^[a-z0-9]{1,5}$/),
);
const hex64 = fc.stringMatching(/^[a-f0-9]{64}$/);
const mutated = fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => p.join(''));
const plausible = fc
  .tuple(
    fc.option(fc.constantFrom('localhost:5000/', 'ghcr.io/', 'Reg.Example.com/', 'a-b.c:1/', 'docker.io/', 'index.docker.io/', 'Upper/'), { nil: undefined }),
    mutated,
    fc.option(fc.stringMatching(/^:[\w][\w.-]{0,8}$/), { nil: undefined }),
    fc.option(
      hex64.map((h) => `@sha256:${h}`),
      { nil: undefined },
    ),
  )
  .map(([d, p, t, g]) => `${d ?? ''}${p}${t ?? ''}${g ?? ''}`);
const corpus = fc
  .oneof(mutated, plausible)
  .filter((r) => r !== '' && !r.includes('//') && !r.startsWith('/') && !r.endsWith('/') && !r.includes('[') && !/^[a-f0-9]{64}$/.test(r) && r.length < 300);

describe('image references: the parser agrees with the engine', () => {
  it('on a generated corpus of valid and broken references', async () => {
    const refs = [...new Set(fc.sample(corpus, { numRuns: 600, seed: 20261129 }))];
    const disagreements: string[] = [];
    let accepted = 0;
    for (const ref of refs) {
      const ours = tryParseImageReference(ref) !== undefined;
      const engine = await engineAccepts(ref);
      if (ours) accepted += 1;
      if (ours !== engine) disagreements.push(`${ref}: ours ${ours ? 'valid' : 'invalid'}, engine ${engine ? 'valid' : 'invalid'}`);
    }
    expect(disagreements).toEqual([]);
    // The corpus must exercise both answers.
    expect(accepted).toBeGreaterThan(refs.length / 5);
    expect(accepted).toBeLessThan(refs.length - refs.length / 5);
  });
});
