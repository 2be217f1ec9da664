// The inventory read from image layers equals what the package manager itself reports.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { makeZip } from '../unit/packages/zip-writer.js';
import { run, runCli, sh } from '../helpers/run.js';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as CDX from '@cyclonedx/cyclonedx-library';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-sbom-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sg = (...args: string[]) => runCli(args);
type Inv = {
  packages: { type: string; name: string; version: string; layer?: string; path: string; purl: string; sourceName?: string; sourceVersion?: string }[];
  os?: { family: string; version: string };
  layers: string[];
  warnings: string[];
};

describe('sbom (real engine)', () => {
  it('Debian bookworm: the same names and versions as dpkg-query in the image', async () => {
    const r = await sg('sbom', 'swarmguard-test/debian:bookworm', '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const inv = JSON.parse(r.stdout) as Inv;
    expect(inv.os).toMatchObject({ family: 'debian', version: '12' });
    const ours = inv.packages.map((p) => `${p.name} ${p.version}`).sort();
    const dpkg = (
      await sh('docker', ['run', '--rm', '--network', 'none', 'swarmguard-test/debian:bookworm', 'dpkg-query', '-W', '-f', '${Package} ${Version}\\n'])
    )
      .trim()
      .split('\n')
      .sort();
    expect(ours).toEqual(dpkg);
    expect(inv.packages.every((p) => p.layer !== undefined && inv.layers.includes(p.layer))).toBe(true);
  });

  it('a second inventory replays the cached layers, and another image sharing the base layer does too', async () => {
    const { inventoryImage, CACHE_SALT } = await import('../../src/image/inventory.js');
    const { LayerCache } = await import('../../src/image/layer-cache.js');
    const cache = new LayerCache(path.join(dir, 'layer-cache'), CACHE_SALT);
    const cold = await inventoryImage('swarmguard-test/debian:bookworm', { cache });
    expect(cache.hits).toBe(0);
    const warm = await inventoryImage('swarmguard-test/debian:bookworm', { cache });
    expect(cache.hits).toBe(cold.layers.length);
    expect(warm.packages).toEqual(cold.packages);
    // The insecure image is built FROM the Debian image: its base layer comes from the cache.
    await sh('bash', ['scripts/images/hardening-images.sh']);
    const before = cache.hits;
    await inventoryImage('swarmguard-test/insecure:latest', { cache });
    expect(cache.hits - before).toBeGreaterThanOrEqual(1);
  });

  it('busybox: no package database, no OS, no error', async () => {
    const r = await sg('sbom', 'swarmguard-test/busybox:latest');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/0 package\(s\) — OS unknown/);
  });

  it('reads a `docker save` tar with --input, the same as from the engine', async () => {
    const tarFile = path.join(dir, 'debian.tar');
    await sh('docker', ['save', '-o', tarFile, 'swarmguard-test/debian:bookworm']);
    const fromTar = JSON.parse((await sg('sbom', '--input', tarFile, '--format', 'json')).stdout) as Inv & { ref: string };
    expect(fromTar.ref).toBe('swarmguard-test/debian:bookworm');
    const fromEngine = JSON.parse((await sg('sbom', 'swarmguard-test/debian:bookworm', '--format', 'json')).stdout) as Inv;
    expect(fromTar.packages).toEqual(fromEngine.packages);
  });

  it('writes CycloneDX 1.5 JSON that validates against its schema', async () => {
    const r = await sg('sbom', 'swarmguard-test/debian:bookworm', '--format', 'cyclonedx');
    expect(r.status).toBe(0);
    const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot5);
    expect(await validator.validate(r.stdout)).toBeNull();
    const bom = JSON.parse(r.stdout) as { components: { type: string; purl?: string }[] };
    expect(bom.components.filter((c) => c.type === 'operating-system')).toHaveLength(1);
    expect(bom.components.some((c) => c.purl?.startsWith('pkg:deb/debian/libc6@'))).toBe(true);
  });

  it('npm and Python: the same packages as `npm ls --all` and importlib.metadata report for the same trees', async () => {
    await sh('bash', ['scripts/images/langs-image.sh']);
    const inv = JSON.parse((await sg('sbom', 'swarmguard-test/langs:latest', '--format', 'json')).stdout) as {
      packages: { type: string; name: string; version: string }[];
    };
    const ours = (type: string) => [...new Set(inv.packages.filter((p) => p.type === type).map((p) => `${p.name}@${p.version}`))].sort();
    // npm's own view of the tree that was copied into /app.
    const tree = JSON.parse(await sh('npm', ['ls', '--all', '--json'])) as {
      dependencies?: Record<string, unknown>;
    };
    const npmSet = new Set<string>();
    const walk = (deps: Record<string, unknown> | undefined): void => {
      for (const [name, v] of Object.entries(deps ?? {})) {
        const node = v as { version?: string; dependencies?: Record<string, unknown> };
        if (node.version) npmSet.add(`${name}@${node.version}`);
        walk(node.dependencies);
      }
    };
    walk(tree.dependencies);
    expect(ours('npm')).toEqual([...npmSet].sort());
    // Python's own view of the dist-packages that were copied.
    const py = await sh('/usr/bin/python3', [
      '-c',
      "import importlib.metadata as m, re\nfor d in m.distributions(path=['/usr/lib/python3/dist-packages']): print(re.sub(r'[-_.]+', '-', d.metadata['Name']).lower() + '@' + d.version)",
    ]);
    // Names as PEP 503 normalises them (PyGObject → pygobject), as the inventory lists them.
    expect(ours('pypi')).toEqual([...new Set(py.trim().split('\n').filter(Boolean))].sort());
  });

  it('an RHEL-family image: rpm packages from its SQLite rpmdb', async () => {
    const ctx = path.join(dir, 'rpm-image');
    mkdirSync(path.join(ctx, 'var/lib/rpm'), { recursive: true });
    mkdirSync(path.join(ctx, 'etc'), { recursive: true });
    cpSync('test/fixtures/packages/rpmdb.sqlite', path.join(ctx, 'var/lib/rpm/rpmdb.sqlite'));
    writeFileSync(path.join(ctx, 'etc/os-release'), 'ID="rocky"\nVERSION_ID="9.3"\nPRETTY_NAME="Rocky Linux 9.3"\n');
    writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY etc /etc\nCOPY var /var\n');
    await sh('docker', ['build', '-q', '--network', 'none', '-t', 'swarmguard-test/rpmdb:latest', ctx], {
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
    });
    const inv = JSON.parse((await sg('sbom', 'swarmguard-test/rpmdb:latest', '--format', 'json')).stdout) as Inv & {
      packages: { type: string; name: string; version: string }[];
    };
    expect(inv.os).toMatchObject({ family: 'rocky', version: '9.3' });
    expect(inv.packages.map((p) => `${p.type} ${p.name} ${p.version}`)).toEqual(['rpm sg-hello 2:1.2.3-4.el9']);
    await run('docker', ['rmi', 'swarmguard-test/rpmdb:latest']);
  });

  describe('every ecosystem (swarmguard-test/inventory)', () => {
    const IMG = 'swarmguard-test/inventory:latest';
    const root = path.join(dir, 'inventory-rootfs');
    let inv: Inv;
    const of = (type: string) => inv.packages.filter((p) => p.type === type);
    const nv = (ps: { name: string; version: string }[]) => [...new Set(ps.map((p) => `${p.name}@${p.version}`))].sort();

    beforeAll(async () => {
      if ((await run('docker', ['image', 'inspect', IMG])).status !== 0) await sh('bash', ['scripts/images/inventory-image.sh']);
      const r = await sg('sbom', IMG, '--format', 'json', '--no-cache');
      expect(r.status, r.stderr).toBe(0);
      inv = JSON.parse(r.stdout) as Inv;
      // The image's files, for the oracles: a container is created (never started) and its filesystem exported.
      const id = (await sh('docker', ['create', IMG, 'none'])).trim();
      try {
        mkdirSync(root, { recursive: true });
        await sh('sh', ['-c', `docker export ${id} | tar -x -C ${root}`]);
      } finally {
        await run('docker', ['rm', id]);
      }
    }, 120_000);

    it('Go: what `go version -m` prints (the required version where `=>` names a local directory), and stdlib', () => {
      const text = execFileSync('go', ['version', '-m', path.join(root, 'usr/local/bin/sg-hello')], { encoding: 'utf8' });
      const goVersion = /: go(\S+)/.exec(text)![1]!;
      const expected: string[] = [`stdlib@v${goVersion}`];
      let last: string[] | undefined;
      for (const line of text.split('\n').map((l) => l.trim().split('\t'))) {
        if (line[0] === 'dep') expected.push(`${line[1]}@${line[2]}`);
        if (line[0] === '=>' && !line[1]!.startsWith('.')) expected[expected.length - 1] = `${line[1]}@${line[2]}`;
        last = line;
      }
      expect(last).toBeDefined();
      expect(nv(of('golang'))).toEqual(expected.sort());
    });

    it('Java: the pom.properties `unzip -p` shows, for each jar and each jar inside the fat jar', () => {
      const gavs = (jar: string): string[] =>
        execFileSync('unzip', ['-Z1', jar], { encoding: 'utf8' })
          .split('\n')
          .filter((n) => /^META-INF\/maven\/.*\/pom\.properties$/.test(n))
          .map((n) => {
            const props = Object.fromEntries(
              execFileSync('unzip', ['-p', jar, n], { encoding: 'utf8' })
                .split('\n')
                .filter((l) => l.includes('='))
                .map((l) => l.trim().split('=', 2) as [string, string]),
            );
            return `${props.groupId}:${props.artifactId}@${props.version}`;
          });
      const lib = path.join(root, 'app/lib');
      const expected = execFileSync('ls', [lib], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .flatMap((j) => gavs(path.join(lib, j)));
      const nested = path.join(dir, 'nested');
      execFileSync('unzip', ['-q', '-o', path.join(root, 'app/app.jar'), 'BOOT-INF/lib/*', '-d', nested]);
      for (const j of execFileSync('ls', [path.join(nested, 'BOOT-INF/lib')], { encoding: 'utf8' })
        .trim()
        .split('\n'))
        expected.push(...gavs(path.join(nested, 'BOOT-INF/lib', j)));
      // The jar without Maven metadata is listed from its file name, without a group, and said so.
      expect(nv(of('maven'))).toEqual([...new Set([...expected, 'commons-logging-adapters@1.2'])].sort());
      expect(of('maven').filter((p) => p.path.startsWith('app/app.jar/BOOT-INF/lib/'))).toHaveLength(2);
      expect(inv.warnings.join('\n')).toMatch(/commons-logging-adapters-1\.2\.jar: no pom\.properties .* from its file name, group unknown/);
    });

    it('rpm (Berkeley DB): what `rpm -qa` lists, with the source rpm; dpkg status.d: one package per file', async () => {
      const qa = await sh(
        'rpm',
        ['--dbpath', path.join(root, 'var/lib/rpm'), '--define', '_db_backend bdb_ro', '-qa', '--qf', '%{NAME}@%{VERSION}-%{RELEASE} %{SOURCERPM}\\n'],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      );
      expect(of('rpm').map((p) => `${p.name}@${p.version} ${p.sourceName}-${p.sourceVersion}.src.rpm`)).toEqual(qa.trim().split('\n'));
      const statusD = path.join(root, 'var/lib/dpkg/status.d');
      const files = execFileSync('ls', [statusD], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .filter((f) => !f.endsWith('.md5sums'));
      const fromFiles = files.map((f) => {
        const t = readFileSync(path.join(statusD, f), 'utf8');
        return `${/^Package: (.*)$/m.exec(t)![1]}@${/^Version: (.*)$/m.exec(t)![1]}`;
      });
      expect(nv(of('deb'))).toEqual(fromFiles.sort());
      expect(inv.os).toMatchObject({ family: 'debian', version: '12' });
    });

    it('gems, Composer, NuGet and Cargo: the packages their metadata names', () => {
      expect(nv(of('gem'))).toEqual(['rake@13.0.6', 'webrick@1.8.1']);
      expect(nv(of('composer'))).toEqual(['pear/log@1.13.3', 'pear/pear_exception@v1.0.2']);
      expect(nv(of('nuget'))).toEqual(['Newtonsoft.Json@13.0.1']);
      expect(nv(of('cargo'))).toEqual(['serde@1.0.130', 'sg-auditable@0.1.0', 'smallvec@1.6.0']);
      expect(nv(of('npm'))).toEqual(['semver@7.8.6']);
    });

    it('Python: one package described by .dist-info and .egg-info side by side is listed once', () => {
      expect(of('pypi').map((p) => `${p.name}@${p.version}`)).toEqual(['cryptography@38.0.4']);
    });

    it('lists every package trivy lists, for each ecosystem both read (trivy v0.44.1 output recorded)', () => {
      // docs/sbom-vs-trivy.md explains each mapping: trivy's pkg:rustbinary is pkg:cargo, its OS packages carry
      // pkg:none (it finds no OS in a distroless os-release), and `./greet (devel)` is a local replacement.
      const trivy = JSON.parse(readFileSync('test/fixtures/packages/trivy/inventory-image.cdx.json', 'utf8')) as {
        components: { type: string; name: string; version?: string; purl?: string }[];
      };
      const map: Record<string, string> = {
        gem: 'gem',
        golang: 'golang',
        maven: 'maven',
        nuget: 'nuget',
        npm: 'npm',
        pypi: 'pypi',
        rustbinary: 'cargo',
        none: 'os',
      };
      const ours = new Set(
        inv.packages.map((p) =>
          p.type === 'deb' || p.type === 'rpm'
            ? `os ${p.name}@${p.version}`
            : `${p.type} ${decodeURIComponent(p.purl.replace(/\?.*$/, '').replace(/^pkg:[^/]+\//, ''))}`,
        ),
      );
      const theirs = trivy.components
        .filter((c) => c.type === 'library' && c.purl)
        .map((c) => {
          const type = /^pkg:([^/]+)\//.exec(c.purl!)![1]!;
          return `${map[type] ?? type} ${decodeURIComponent(c.purl!.replace(/\?.*$/, '').replace(/^pkg:[^/]+\//, ''))}`;
        })
        .filter((k) => !k.startsWith('golang ./'));
      expect(theirs.length).toBeGreaterThan(15);
      expect(theirs.filter((k) => !ours.has(k))).toEqual([]);
    });

    it('CycloneDX: each ecosystem under its standard purl type, and the document validates', async () => {
      const r = await sg('sbom', IMG, '--format', 'cyclonedx');
      expect(r.status).toBe(0);
      expect(await new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot5).validate(r.stdout)).toBeNull();
      const bom = JSON.parse(r.stdout) as { components: { purl?: string }[] };
      const types = new Set(bom.components.map((c) => /^pkg:([^/]+)\//.exec(c.purl ?? '')?.[1]).filter(Boolean));
      expect([...types].sort()).toEqual(['cargo', 'composer', 'deb', 'gem', 'golang', 'maven', 'npm', 'nuget', 'pypi', 'rpm']);
    });
  });

  it('crafted files of every kind: a warning each, no crash, in under 10 s and 512 MiB', async () => {
    const ctx = path.join(dir, 'hostile');
    const r = (p: string) => path.join(ctx, 'rootfs', p);
    for (const d of ['var/lib/rpm', 'usr/lib/sysimage/rpm', 'usr/local/bin', 'app', 'usr/lib/ruby/gems/3.1.0/specifications', 'etc'])
      mkdirSync(r(d), { recursive: true });
    writeFileSync(r('etc/os-release'), 'ID=rhel\nVERSION_ID="8.8"\n');
    // An rpmdb.sqlite whose Packages is a recursive view (it looped forever before).
    const db = new Database(r('var/lib/rpm/rpmdb.sqlite'));
    db.exec("CREATE VIEW Packages AS WITH RECURSIVE r(hnum, blob) AS (SELECT 1, x'00' UNION ALL SELECT hnum + 1, blob FROM r) SELECT hnum, blob FROM r;");
    db.close();
    // A Berkeley DB whose overflow chains loop, and an ndb whose first slot points past the end of the file.
    const bdb = readFileSync('test/fixtures/packages/rpmdb/rhel8-bdb/Packages');
    for (let pg = 1; pg * 4096 < bdb.length; pg++)
      if (bdb.readUInt8(pg * 4096 + 25) === 7 && bdb.readUInt32LE(pg * 4096 + 16) === 0) bdb.writeUInt32LE(pg, pg * 4096 + 16);
    writeFileSync(r('var/lib/rpm/Packages'), bdb);
    const ndb = readFileSync('test/fixtures/packages/rpmdb/sle15-ndb/Packages.db');
    ndb.writeUInt32LE(0x7fffffff, 40);
    writeFileSync(r('usr/lib/sysimage/rpm/Packages.db'), ndb);
    // A Go binary with corrupt build info, and a 200 MB executable.
    const go = readFileSync('test/fixtures/packages/go/sg-hello');
    go.fill(0xff, go.indexOf(Buffer.from('\xff Go buildinf:', 'latin1')) + 32, go.indexOf(Buffer.from('\xff Go buildinf:', 'latin1')) + 42);
    writeFileSync(r('usr/local/bin/corrupt-go'), go, { mode: 0o755 });
    writeFileSync(r('usr/local/bin/huge'), go.subarray(0, 4096), { mode: 0o755 });
    truncateSync(r('usr/local/bin/huge'), 200 * 1024 * 1024);
    // A zip bomb jar, a jar nested 50 levels deep, a gemspec that is Ruby code.
    writeFileSync(r('app/bomb.jar'), makeZip([{ name: 'BOOT-INF/lib/bomb.jar', data: Buffer.alloc(100 * 1024 * 1024) }]));
    let deep: Buffer = readFileSync('test/fixtures/packages/java/commons-cli-1.5.0.jar');
    for (let i = 0; i < 50; i++) deep = makeZip([{ name: `lib/l${i}.jar`, data: deep, store: true }]);
    writeFileSync(r('app/deep.jar'), deep);
    writeFileSync(
      r('usr/lib/ruby/gems/3.1.0/specifications/evil-1.0.gemspec'),
      'Gem::Specification.new do |s|\n  s.name = "evil"\n  s.version = `id > /tmp/pwned; echo 1.0`\nend\n',
    );
    writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY rootfs /\n');
    const tag = `swarmguard-test/sbom-hostile-${process.pid}:latest`;
    const tarFile = path.join(dir, 'hostile.tar');
    await sh('docker', ['build', '-q', '--network', 'none', '-t', tag, ctx], { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    try {
      await sh('docker', ['save', '-o', tarFile, tag]);
    } finally {
      await run('docker', ['rmi', tag]);
    }
    const res = await run('/usr/bin/time', [
      '-f',
      'rss-kib=%M',
      'timeout',
      '10',
      process.execPath,
      'bin/swarmguard.js',
      'sbom',
      '--input',
      tarFile,
      '--format',
      'json',
      '--no-cache',
    ]);
    expect(res.status, res.stderr).toBe(0);
    const rss = Number(/rss-kib=(\d+)/.exec(res.stderr)?.[1]);
    expect(rss).toBeLessThan(512 * 1024);
    const out = JSON.parse(res.stdout) as Inv;
    const w = out.warnings.join('\n');
    expect(w).toMatch(/rpmdb\.sqlite \(SQLite rpmdb\): not scanned: refused: the database defines a view "Packages"/);
    expect(w).toMatch(/var\/lib\/rpm\/Packages \(Berkeley DB rpmdb\): .*a page loop/);
    expect(w).toMatch(/Packages\.db \(ndb rpmdb\): 1 slot\(s\) skipped: bad magic, or a blob outside the file/);
    expect(w).toMatch(/usr\/local\/bin\/corrupt-go: Go build info is corrupt/);
    expect(w).toMatch(/usr\/local\/bin\/huge\b/); // over the walker's per-file limit: not read, and said so
    expect(w).toMatch(/app\/bomb\.jar: BOOT-INF\/lib\/bomb\.jar: expands beyond \d+ bytes \(a zip bomb\?\)/);
    expect(w).toMatch(/app\/deep\.jar(\/lib\/l\d+\.jar){8}: 1 archive\(s\) nested deeper than 8 levels/);
    expect(w).toMatch(/evil-1\.0\.gemspec: name or version is Ruby code, not a string \(it is never run\)/);
    // The SUSE packages behind the good slots are still listed.
    expect(out.packages.filter((p) => p.type === 'rpm')).toHaveLength(34);
  }, 180_000);

  it('says clearly when the image is not there or the file is not an image', async () => {
    const missing = await sg('sbom', 'no-such-image:never');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/not on this engine/);
    const notTar = await sg('sbom', 'x', '--input', 'package.json');
    expect(notTar.status).toBe(2);
    expect(notTar.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
