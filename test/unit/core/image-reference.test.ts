import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  InvalidImageReference,
  familiarName,
  formatFamiliar,
  formatNormalized,
  manifestReference,
  normalizedName,
  parseImageReference,
  pinned,
  registryApiHost,
  tryParseImageReference,
  type ImageReference,
} from '../../../src/core/image-reference.js';

const D = `sha256:${'a'.repeat(64)}`;
const E = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('parseImageReference', () => {
  const cases: [string, ImageReference, string, string][] = [
    // text, parsed, normalised form, familiar form
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }, 'docker.io/library/nginx', 'nginx'],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }, 'docker.io/library/nginx:1.27', 'nginx:1.27'],
    [`nginx@${D}`, { registry: 'docker.io', repository: 'library/nginx', digest: D }, `docker.io/library/nginx@${D}`, `nginx@${D}`],
    [`nginx:1.27@${D}`, { registry: 'docker.io', repository: 'library/nginx', tag: '1.27', digest: D }, `docker.io/library/nginx:1.27@${D}`, `nginx:1.27@${D}`],
    ['bitnami/redis:7.2', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2' }, 'docker.io/bitnami/redis:7.2', 'bitnami/redis:7.2'],
    ['docker.io/library/nginx', { registry: 'docker.io', repository: 'library/nginx' }, 'docker.io/library/nginx', 'nginx'],
    ['index.docker.io/library/nginx:1', { registry: 'docker.io', repository: 'library/nginx', tag: '1' }, 'docker.io/library/nginx:1', 'nginx:1'],
    ['docker.io/nginx', { registry: 'docker.io', repository: 'library/nginx' }, 'docker.io/library/nginx', 'nginx'],
    ['docker.io/a.b/c', { registry: 'docker.io', repository: 'a.b/c' }, 'docker.io/a.b/c', 'docker.io/a.b/c'],
    ['docker.io/localhost/c', { registry: 'docker.io', repository: 'localhost/c' }, 'docker.io/localhost/c', 'docker.io/localhost/c'],
    ['library/a/b', { registry: 'docker.io', repository: 'library/a/b' }, 'docker.io/library/a/b', 'library/a/b'],
    ['localhost:5000/x', { registry: 'localhost:5000', repository: 'x' }, 'localhost:5000/x', 'localhost:5000/x'],
    [
      `localhost:5000/team/web:1@${E}`,
      { registry: 'localhost:5000', repository: 'team/web', tag: '1', digest: E },
      `localhost:5000/team/web:1@${E}`,
      `localhost:5000/team/web:1@${E}`,
    ],
    ['localhost/app', { registry: 'localhost', repository: 'app' }, 'localhost/app', 'localhost/app'],
    ['127.0.0.1:5000/team/web:1', { registry: '127.0.0.1:5000', repository: 'team/web', tag: '1' }, '127.0.0.1:5000/team/web:1', '127.0.0.1:5000/team/web:1'],
    ['[::1]:5000/x:2', { registry: '[::1]:5000', repository: 'x', tag: '2' }, '[::1]:5000/x:2', '[::1]:5000/x:2'],
    ['ghcr.io/org/app', { registry: 'ghcr.io', repository: 'org/app' }, 'ghcr.io/org/app', 'ghcr.io/org/app'],
    ['Registry.Example.com/app', { registry: 'Registry.Example.com', repository: 'app' }, 'Registry.Example.com/app', 'Registry.Example.com/app'],
    ['a__b/c--d.e_f', { registry: 'docker.io', repository: 'a__b/c--d.e_f' }, 'docker.io/a__b/c--d.e_f', 'a__b/c--d.e_f'],
    ['x:_Tag.1-2', { registry: 'docker.io', repository: 'library/x', tag: '_Tag.1-2' }, 'docker.io/library/x:_Tag.1-2', 'x:_Tag.1-2'],
  ];
  it.each(cases)('%s', (text, parsed, normal, familiar) => {
    const ref = parseImageReference(text);
    expect(ref).toEqual(parsed);
    expect(formatNormalized(ref)).toBe(normal);
    expect(formatFamiliar(ref)).toBe(familiar);
  });

  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['UPPER/case', /lower case/],
    ['Registry/app', /lower case/],
    ['nginx:UPPER/x', /registry/],
    ['a b', /repository path component/],
    ['x@sha256:zz', /not a digest/],
    [`x@sha256:${'A'.repeat(64)}`, /not a digest/],
    [`x@md5:${'a'.repeat(32)}`, /not a digest/],
    ['a/../b', /repository path component/],
    ['a//b', /repository path component/],
    ['x:', /not a tag/],
    ['x:-bad', /not a tag/],
    [`x:${'t'.repeat(129)}`, /not a tag/],
    [':tag', /missing/],
    [`@${D}`, /missing/],
    ['localhost:5000/', /missing/],
    ['-bad.example/x', /registry/],
    ['a.b:port/x', /registry/],
    ['x_/y', /repository path component/],
    ['x___y', /repository path component/],
    ['a'.repeat(64).replace(/a/g, 'f'), /image id/],
    [`${'a'.repeat(250)}/b`, /longer than 255/],
    ['x'.repeat(2000), /longer than 1024/],
    ['x:1:2', /repository path component/],
  ];
  it.each(bad)('rejects %j', (text, why) => {
    expect(() => parseImageReference(text)).toThrow(InvalidImageReference);
    expect(() => parseImageReference(text)).toThrow(why);
    expect(tryParseImageReference(text)).toBeUndefined();
  });

  it('never echoes control characters from a hostile reference', () => {
    try {
      parseImageReference('x:\u001b[31mred\nFAKE LOG LINE');
      expect.unreachable();
    } catch (e) {
      // eslint-disable-next-line no-control-regex -- no control character at all may be echoed
      expect((e as Error).message).not.toMatch(/[\u0000-\u001f]/);
      expect((e as Error).message).toContain('\\u001b');
    }
  });

  it('gives the manifest reference a registry is asked for', () => {
    expect(manifestReference(parseImageReference('nginx'))).toBe('latest');
    expect(manifestReference(parseImageReference('nginx:1'))).toBe('1');
    expect(manifestReference(parseImageReference(`nginx:1@${D}`))).toBe(D);
  });

  it('pins a digest and drops the tag', () => {
    const ref = pinned(parseImageReference('localhost:5000/team/web:latest'), E);
    expect(formatNormalized(ref)).toBe(`localhost:5000/team/web@${E}`);
    expect(() => pinned(ref, 'sha256:short')).toThrow(InvalidImageReference);
  });

  it('knows where Docker Hub answers', () => {
    expect(registryApiHost(parseImageReference('nginx'))).toBe('registry-1.docker.io');
    expect(registryApiHost(parseImageReference('registry-1.docker.io/library/nginx'))).toBe('registry-1.docker.io');
    expect(registryApiHost(parseImageReference('localhost:5000/x'))).toBe('localhost:5000');
    expect(normalizedName(parseImageReference('registry-1.docker.io/x/y'))).toBe('docker.io/x/y');
  });

  it('answers quickly on input aimed at the regexes', () => {
    const start = process.hrtime.bigint();
    for (const t of ['a' + '-'.repeat(1000) + '!', 'a.'.repeat(500) + '/x', 'a' + '_a'.repeat(500) + '_']) tryParseImageReference(t);
    // Not a timing assertion: this finishes at all (a catastrophic backtrack would not).
    expect(process.hrtime.bigint() > start).toBe(true);
  });
});

const component = fc.stringMatching(/^[a-z0-9]{1,6}(?:(?:[._]|__|-{1,2})[a-z0-9]{1,6}){0,2}$/);
const domain = fc.oneof(
  fc.constantFrom('localhost', 'localhost:5000', 'ghcr.io', 'registry.example.com:443', '127.0.0.1:5000', '[::1]:5000', 'docker.io'),
  fc.stringMatching(/^[a-z0-9]{1,8}\.[a-z]{2,4}(?::[0-9]{1,5})?$/),
);
const tag = fc.stringMatching(/^\w[\w.-]{0,20}$/);
const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`);
const referenceText = fc
  .record({
    domain: fc.option(domain, { nil: undefined }),
    path: fc.array(component, { minLength: 1, maxLength: 3 }),
    tag: fc.option(tag, { nil: undefined }),
    digest: fc.option(digest, { nil: undefined }),
  })
  // Without a registry, a first component with a dot would be read as one (docker's rule too).
  .filter((r) => r.domain !== undefined || r.path.length === 1 || !(r.path[0]!.includes('.') || r.path[0] === 'localhost'))
  .map(
    (r) =>
      `${r.domain !== undefined ? `${r.domain}/` : ''}${r.path.join('/')}${r.tag !== undefined ? `:${r.tag}` : ''}${r.digest !== undefined ? `@${r.digest}` : ''}`,
  );

describe('properties', () => {
  it('round-trips through the normalised and familiar forms', () => {
    fc.assert(
      fc.property(referenceText, (text) => {
        const ref = parseImageReference(text);
        expect(parseImageReference(formatNormalized(ref))).toEqual(ref);
        expect(parseImageReference(formatFamiliar(ref))).toEqual(ref);
        expect(familiarName(parseImageReference(familiarName(ref)))).toBe(familiarName(ref));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps tag and digest exactly as written', () => {
    fc.assert(
      fc.property(referenceText, (text) => {
        const ref = parseImageReference(text);
        if (ref.digest !== undefined) expect(text.endsWith(`@${ref.digest}`)).toBe(true);
        if (ref.tag !== undefined) expect(text).toContain(`:${ref.tag}`);
      }),
    );
  });

  it('either parses or throws InvalidImageReference, on any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const ref = tryParseImageReference(s);
        if (ref) expect(parseImageReference(formatNormalized(ref))).toEqual(ref);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the registry client uses it', () => {
  it('fetches the digest of name:tag@digest', async () => {
    const { parseImageRef } = await import('../../../src/image/registry.js');
    expect(parseImageRef(`nginx:1.27@${D}`)).toEqual({ registry: 'registry-1.docker.io', repository: 'library/nginx', reference: D });
    expect(parseImageRef(`localhost:5000/x:1@${E}`)).toEqual({ registry: 'localhost:5000', repository: 'x', reference: E });
  });
});
