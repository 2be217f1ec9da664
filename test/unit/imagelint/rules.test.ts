import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ImageLintFacts } from '../../../src/imagelint/facts.js';
import { lintImage, secretEnv } from '../../../src/imagelint/rules.js';

const facts = (over: Partial<ImageLintFacts> = {}): ImageLintFacts => ({
  ref: 'app:1.0@sha256:' + 'a'.repeat(64),
  config: { config: { User: 'app', Healthcheck: { Test: ['CMD', '/app', '--health'] }, Env: ['PATH=/usr/bin'] }, history: [] },
  size: 10 * 1024 * 1024,
  tracked: new Map(),
  files: new Map(),
  warnings: [],
  ...over,
});
const opts = { allowedRegistries: [], maxSizeMiB: 500 };
const ids = (f: ImageLintFacts) => lintImage(f, opts).map((x) => x.id);

describe('image lint rules', () => {
  it('a clean image has no findings', () => {
    expect(ids(facts())).toEqual([]);
  });

  it('finds secrets by name and by shape, and never puts the value in a finding', () => {
    expect(secretEnv(['DB_PASSWORD=hunter2', 'PASSWORD_FILE=/run/secrets/db', 'TOKEN=', 'X=AKIAIOSFODNN7EXAMPLE', 'API_KEY=${API_KEY}'])).toEqual([
      { name: 'DB_PASSWORD', kind: 'a literal value', kindId: 'literal' },
      { name: 'X', kind: 'an AWS access key id', kindId: 'aws-access-key-id' },
    ]);
    const f = lintImage(facts({ config: { config: { User: 'app', Healthcheck: { Test: ['CMD', 'x'] }, Env: ['DB_PASSWORD=hunter2'] } } }), opts);
    expect(f.map((x) => x.id)).toEqual(['image-secret-in-env']);
    expect(JSON.stringify(f)).not.toContain('hunter2');
  });

  it('root user, no healthcheck, shells, setuid bits, caches, update alone, ADD URL', () => {
    const tracked = new Map([
      ['bin/sh', { mode: 0o755, type: 'symlink', size: 0, layer: 'l', layerIndex: 0 }],
      ['usr/bin/passwd', { mode: 0o4755, type: 'file', size: 1, layer: 'l', layerIndex: 0 }],
      ['var/cache/apk/APKINDEX.tar.gz', { mode: 0o644, type: 'file', size: 1, layer: 'l', layerIndex: 0 }],
    ]);
    const f = facts({
      config: {
        config: { User: '' },
        history: [{ created_by: '/bin/sh -c apt-get update' }, { created_by: 'ADD https://example.com/x.tgz /opt' }, { created_by: 'ADD file:0123abcd in / ' }],
      },
      tracked,
    });
    expect(ids(f).sort()).toEqual([
      'image-add-remote',
      'image-no-healthcheck',
      'image-package-cache',
      'image-runs-as-root',
      'image-setuid-files',
      'image-shell-present',
      'image-update-alone',
    ]);
  });

  it('tags, size and registries', () => {
    expect(ids(facts({ ref: 'nginx' }))).toEqual(['image-not-pinned']);
    expect(ids(facts({ ref: 'nginx:1.27' }))).toEqual([]);
    expect(ids(facts({ size: 600 * 1024 * 1024 }))).toEqual(['image-size']);
    expect(
      lintImage(facts({ ref: 'ghcr.io/org/app:1@sha256:' + 'b'.repeat(64) }), { ...opts, allowedRegistries: ['registry.internal:5000'] }).map((x) => x.id),
    ).toEqual(['image-registry-not-allowed']);
    expect(
      lintImage(facts({ ref: 'registry.internal:5000/app:1@sha256:' + 'b'.repeat(64) }), { ...opts, allowedRegistries: ['registry.internal:5000'] }),
    ).toEqual([]);
  });

  it('never throws on hostile env and history', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string()),
        fc.array(fc.string()),
        (env, hist) => void lintImage(facts({ config: { config: { Env: env }, history: hist.map((h) => ({ created_by: h })) } }), opts),
      ),
    );
  });
});
