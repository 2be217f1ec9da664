// One image's facts that make every image lint rule report (secrets, shells, setuid files, a cache, an ADD from a
// URL, a lone `apt-get update`, an oversized image, an unpinned reference), for the tests of what they say.
import type { ImageLintFacts } from '../../../src/imagelint/facts.js';

const entry = (mode: number, type = 'file') => ({ mode, type, size: 1, layer: 'l', layerIndex: 0 });

export const EVERY_RULE: ImageLintFacts = {
  ref: 'ghcr.io/org/app',
  config: {
    config: { User: '', Env: ['DB_PASSWORD=hunter2-long-enough', 'X=AKIAIOSFODNN7EXAMPLE'], Labels: { 'org.token': 'ghp_' + 'x'.repeat(36) } },
    history: [
      { created_by: '/bin/sh -c apt-get update' },
      { created_by: 'ADD https://example.com/x.tgz /opt' },
      { created_by: '/bin/sh -c API_TOKEN=s3cr3t-history-value ./configure' },
      { created_by: '/bin/sh -c echo AKIAIOSFODNN7EXAMPLE > /k' },
    ],
  },
  size: 700 * 1024 * 1024,
  tracked: new Map([
    ['bin/sh', entry(0o755, 'symlink')],
    ['usr/bin/apt-get', entry(0o755)],
    ['usr/bin/passwd', entry(0o4755)],
    ['var/cache/apk/APKINDEX.tar.gz', entry(0o644)],
  ]),
  files: new Map([
    ['root/.docker/config.json', Buffer.from('{"auths":{"r":{"auth":"dXNlcjpwYXNz"}}}')],
    ['etc/ssl/private/k.pem', Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nMIIB\n')],
  ]),
  warnings: [],
};
