import { english } from '../../../src/core/message.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { DEFAULT_MAX_BYTES, loadCompose } from '../../../src/compose/load.js';
import { loadText, writeFiles } from './helpers.js';

async function loadError(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('loadCompose: model and positions', () => {
  it('keeps file:line:col of keys, sequence items and list-form environment entries', async () => {
    const l = await loadText(`version: "3.8"
services:
  web:
    image: nginx:1.27
    environment:
      - A=1
      - B
    ports:
      - "8080:80"
`);
    expect(l.positionOf(['services', 'web', 'image'])).toMatchObject({ file: 'stack.yml', line: 4, column: 5 });
    expect(l.positionOf(['services', 'web', 'environment', 'B'])).toMatchObject({ line: 7, column: 9 });
    expect(l.positionOf(['services', 'web', 'ports', 0])).toMatchObject({ line: 9 });
    // An unknown path falls back to the nearest ancestor.
    expect(l.positionOf(['services', 'web', 'user'])).toMatchObject({ line: 3 });
    expect(l.target(['services', 'web', 'image'])).toMatchObject({ kind: 'file', path: 'stack.yml', line: 4, pointer: 'services.web.image' });
    expect(l.model.services.web?.environment).toEqual({ A: '1', B: null });
    expect(l.model.services.web?.ports).toEqual([{ target: 80, published: 8080, protocol: 'tcp', mode: 'ingress', syntax: 'short', item: 0 }]);
  });

  it('reads volumes, networks, secrets and deploy settings into the typed model', async () => {
    const l = await loadText(`services:
  db:
    image: postgres:16
    volumes:
      - data:/var/lib/postgresql/data
      - ./init:/docker-entrypoint-initdb.d:ro
      - type: tmpfs
        target: /tmp
    networks:
      back:
        aliases: [database]
    secrets:
      - db_password
      - source: cert
        target: /etc/cert.pem
        mode: 0400
    deploy:
      mode: replicated
      replicas: 2
      placement:
        constraints: [node.role == worker]
        max_replicas_per_node: 1
      resources:
        limits: {memory: 512M, pids: 100, cpus: "0.5"}
      restart_policy: {condition: on-failure, max_attempts: 3}
      update_config: {parallelism: 1, order: start-first}
volumes:
  data: {}
networks:
  back:
    driver: overlay
    attachable: true
    driver_opts: {encrypted: ""}
secrets:
  db_password:
    file: ./db_password.txt
  cert:
    external: true
`);
    const db = l.model.services.db;
    expect(db?.volumes.map((v) => [v.type, v.source, v.target, v.readOnly])).toEqual([
      ['volume', 'data', '/var/lib/postgresql/data', false],
      ['bind', './init', '/docker-entrypoint-initdb.d', true],
      ['tmpfs', undefined, '/tmp', false],
    ]);
    expect(db?.networks).toEqual({ back: { aliases: ['database'] } });
    expect(db?.secrets).toEqual([{ source: 'db_password' }, { source: 'cert', target: '/etc/cert.pem', mode: 0o400 }]);
    expect(db?.deploy?.replicas).toBe(2);
    expect(db?.deploy?.placement).toEqual({ constraints: ['node.role == worker'], preferences: [], maxReplicasPerNode: 1 });
    expect(db?.deploy?.resources?.limits).toEqual({ memory: '512M', pids: 100, cpus: '0.5' });
    expect(db?.deploy?.restartPolicy).toEqual({ condition: 'on-failure', maxAttempts: 3 });
    expect(l.model.networks.back).toMatchObject({ driver: 'overlay', attachable: true, driverOpts: { encrypted: '' }, implicit: false });
    expect(l.model.networks.default).toBeUndefined();
    expect(l.model.secrets.db_password?.file).toMatch(/db_password\.txt$/);
    expect(l.model.secrets.cert?.external).toBe(true);
  });

  it('adds the implicit default overlay network when a service has no networks', async () => {
    const l = await loadText('services:\n  web:\n    image: a:1\n');
    expect(l.model.networks.default).toMatchObject({ driver: 'overlay', implicit: true, driverOpts: {} });
  });

  it('expands YAML anchors and merge keys', async () => {
    const l = await loadText(`x-defaults: &defaults
  read_only: true
  user: "1000"
services:
  a:
    <<: *defaults
    image: a:1
    user: "2000"
`);
    expect(l.model.services.a).toMatchObject({ readOnly: true, user: '2000', image: 'a:1' });
  });
});

describe('loadCompose: interpolation', () => {
  it('reads the shell env first, then .env beside the first file, with defaults and $$', async () => {
    const dir = writeFiles({
      'stack.yml': 'services:\n  web:\n    image: "nginx:${TAG}"\n    user: "${UID_GID:-101:101}"\n    command: ["echo", "$$HOME", "${FROM_SHELL}"]\n',
      '.env': 'TAG=1.25\nFROM_SHELL=from-dotenv\n',
    });
    const l = await loadCompose(['stack.yml'], { cwd: dir, env: { FROM_SHELL: 'from-shell' } });
    expect(l.model.services.web?.image).toBe('nginx:1.25');
    expect(l.model.services.web?.user).toBe('101:101');
    expect(l.model.services.web?.command).toEqual(['echo', '$HOME', 'from-shell']);
    expect(l.rawValue(['services', 'web', 'image'])).toBe('nginx:${TAG}');
    expect(l.warnings).toEqual([]);
  });

  it('uses --env-file instead of .env, and refuses a missing one', async () => {
    const dir = writeFiles({ 'stack.yml': 'services:\n  web:\n    image: "nginx:${TAG}"\n', 'prod.env': 'TAG=prod\n', '.env': 'TAG=dev\n' });
    expect((await loadCompose(['stack.yml'], { cwd: dir, env: {}, envFile: 'prod.env' })).model.services.web?.image).toBe('nginx:prod');
    const e = await loadError(loadCompose(['stack.yml'], { cwd: dir, env: {}, envFile: 'nope.env' }));
    expect(e.message).toContain('nope.env');
  });

  it('warns once per unset variable, with its position, and uses ""', async () => {
    const l = await loadText('services:\n  web:\n    image: "nginx${TAG}"\n    hostname: "h${TAG}"\n');
    expect(l.model.services.web?.image).toBe('nginx');
    expect(l.warnings).toHaveLength(1);
    expect(english(l.warnings[0]!.text)).toContain('TAG');
    expect(l.warnings[0]?.position?.line).toBe(3);
  });

  it('fails on ${VAR:?message} with the file and line', async () => {
    const e = await loadError(loadText('services:\n  web:\n    image: a:1\n    user: "${RUN_AS:?set RUN_AS}"\n'));
    expect(e.file).toBe('stack.yml');
    expect(e.line).toBe(4);
    expect(e.message).toContain('RUN_AS');
  });

  it('fails on an invalid template with its line', async () => {
    const e = await loadError(loadText('services:\n  web:\n    image: "a:${TAG"\n'));
    expect(e.line).toBe(3);
  });
});

describe('loadCompose: several files', () => {
  it('merges like docker stack deploy -c a -c b and keeps positions in the right file', async () => {
    const dir = writeFiles({
      'a.yml': `services:
  web:
    image: app:1
    command: ["serve", "--dev"]
    environment:
      A: "1"
      B: "1"
    ports:
      - "80:80"
    volumes:
      - data:/data
      - ./conf:/conf
volumes:
  data: {}
`,
      'b.yml': `services:
  web:
    image: app:2
    command: ["serve"]
    environment:
      - B=2
    ports:
      - "443:443"
    volumes:
      - other:/data
volumes:
  other: {}
`,
    });
    const l = await loadCompose(['a.yml', 'b.yml'], { cwd: dir, env: {} });
    const web = l.model.services.web;
    expect(web?.image).toBe('app:2');
    expect(web?.command).toEqual(['serve']);
    expect(web?.environment).toEqual({ A: '1', B: '2' });
    expect(web?.ports.map((p) => p.target)).toEqual([80, 443]);
    expect(web?.volumes.map((v) => `${v.source}:${v.target}`)).toEqual(['./conf:/conf', 'other:/data']);
    expect(l.positionOf(['services', 'web', 'image'])).toMatchObject({ file: 'b.yml', line: 3 });
    expect(l.positionOf(['services', 'web', 'environment', 'A'])).toMatchObject({ file: 'a.yml', line: 6 });
    // The service itself stays where it was declared first.
    expect(l.positionOf(['services', 'web'])).toMatchObject({ file: 'a.yml', line: 2 });
    expect(l.files).toEqual(['a.yml', 'b.yml']);
  });
});

describe('loadCompose: env_file', () => {
  it('reads env_file relative to the compose file that names it', async () => {
    const dir = writeFiles({});
    mkdirSync(path.join(dir, 'deploy'));
    writeFileSync(path.join(dir, 'deploy', 'stack.yml'), 'services:\n  db:\n    image: postgres:16\n    env_file:\n      - db.env\n');
    writeFileSync(path.join(dir, 'deploy', 'db.env'), 'POSTGRES_USER=app\nPOSTGRES_PASSWORD=s3cret\n');
    const l = await loadCompose(['deploy/stack.yml'], { cwd: dir, env: {} });
    expect(l.envFileEntries.db?.map((e) => [e.name, e.file, e.line])).toEqual([
      ['POSTGRES_USER', path.join('deploy', 'db.env'), 1],
      ['POSTGRES_PASSWORD', path.join('deploy', 'db.env'), 2],
    ]);
  });

  it('fails on a missing env_file at the line that names it', async () => {
    const e = await loadError(loadText('services:\n  db:\n    image: postgres:16\n    env_file: nope.env\n'));
    expect(e.file).toBe('stack.yml');
    expect(e.line).toBe(4);
    expect(e.message).toContain('not found');
  });
});

describe('loadCompose: hostile input', () => {
  it('names file and line of malformed YAML', async () => {
    const e = await loadError(loadText('services:\n  web:\n    image: [unclosed\n  db:\n    image: x\n'));
    expect(e.file).toBe('stack.yml');
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.message).toContain('invalid YAML');
  });

  it('says which line of a file that is not YAML it cannot read (a Markdown list: a pair with no value inside)', async () => {
    const e = await loadError(loadText('- x: `a`, [b]\n  c\n'));
    expect(e.line).toBe(1);
    expect(e.message).toContain('invalid YAML');
  });

  it('refuses a YAML alias bomb quickly', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const yaml = `x-bomb:\n${levels.map((l) => `  ${l}`).join('\n')}\nservices:\n  web:\n    image: a:1\n`;
    const start = Date.now();
    const e = await loadError(loadText(yaml));
    expect(Date.now() - start).toBeLessThan(5000);
    expect(e.message).toMatch(/alias/);
  });

  // No wall-clock assertion (the suite runs on a busy machine): the alias budget must not refuse legitimate reuse.
  it('accepts many legitimate uses of one anchor (1000 services sharing x-defaults)', async () => {
    const services = Array.from({ length: 1000 }, (_, i) => `  s${i}:\n    <<: *defaults\n    image: app${i}:1\n`).join('');
    const l = await loadText(`x-defaults: &defaults\n  read_only: true\n  cap_drop: [ALL]\nservices:\n${services}`);
    expect(Object.keys(l.model.services)).toHaveLength(1000);
    expect(l.model.services.s999).toMatchObject({ readOnly: true, capDrop: ['ALL'], image: 'app999:1' });
  });

  it('resolves an alias to the closest anchor before it when a name is reused', async () => {
    const l = await loadText('x-a: &u "1000"\nx-b: &u "2000"\nservices:\n  a:\n    image: a:1\n    user: *u\n');
    expect(l.model.services.a?.user).toBe('2000');
  });

  it('refuses a file over the size limit without parsing it (generated 50 MB file)', async () => {
    const dir = writeFiles({});
    const big = path.join(dir, 'big.yml');
    const chunk = `# ${'x'.repeat(1020)}\n`;
    writeFileSync(big, `services:\n  web:\n    image: a:1\n${chunk.repeat(50 * 1024)}`);
    const start = Date.now();
    const before = process.memoryUsage().heapUsed;
    const e = await loadError(loadCompose([big], { cwd: dir, env: {} }));
    expect(Date.now() - start).toBeLessThan(2000);
    expect(e.message).toContain(`${DEFAULT_MAX_BYTES}-byte limit`);
    // Nothing near 50 MB was read into memory.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1024 * 1024);
  });

  it.each([
    ['an empty file', '', /empty/],
    ['a list at the top', '- a\n- b\n', /not a mapping/],
    ['a scalar at the top', 'hello\n', /not a mapping/],
    ['an unknown top-level key', 'services:\n  a:\n    image: a:1\nservice:\n  b: {}\n', /unknown top-level key "service"/],
    ['no services', 'version: "3.8"\n', /no services/],
    ['a duplicate key', 'services:\n  a:\n    image: a:1\n    image: b:1\n', /duplicate key/],
    ['a wrong type', 'services:\n  a:\n    image: a:1\n    ports: "80:80"\n', /must be a list/],
    ['an undeclared network', 'services:\n  a:\n    image: a:1\n    networks: [nope]\n', /network "nope" is not declared/],
    ['an undeclared secret', 'services:\n  a:\n    image: a:1\n    secrets: [nope]\n', /secret "nope" is not declared/],
    ['a bad port', 'services:\n  a:\n    image: a:1\n    ports: ["99999:80"]\n', /not a port/],
  ])('refuses %s with an InputError', async (_name, yaml, re) => {
    const e = await loadError(loadText(yaml));
    expect(e.message).toMatch(re);
    expect(e.file).toBe('stack.yml');
  });

  it('refuses NUL bytes, directories and missing files', async () => {
    const dir = writeFiles({ 'bin.yml': 'services:\u0000\n' });
    expect((await loadError(loadCompose(['bin.yml'], { cwd: dir, env: {} }))).message).toContain('NUL');
    expect((await loadError(loadCompose(['.'], { cwd: dir, env: {} }))).message).toContain('not a regular file');
    expect((await loadError(loadCompose(['missing.yml'], { cwd: dir, env: {} }))).message).toContain('not found');
  });

  it('warns about unknown service keys instead of failing', async () => {
    const l = await loadText('services:\n  a:\n    image: a:1\n    mem_limit: 1g\n');
    expect(english(l.warnings[0]!.text)).toContain('mem_limit');
    expect(l.warnings[0]?.position?.line).toBe(4);
  });
});
