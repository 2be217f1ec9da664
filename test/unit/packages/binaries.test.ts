import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { english } from '../../../src/core/message.js';
import { goBinaryAnalyzer, parseModinfo, readGoBuildInfo, stdlibVersion } from '../../../src/packages/analyzers/gobinary.js';
import { parseElf } from '../../../src/packages/elf.js';
import { analyzeKept, keepFor } from '../../../src/packages/wanted.js';

const GO = 'test/fixtures/packages/go/sg-hello';
const hello = readFileSync(GO);

/** What `go version -m` printed for the fixture, as the packages it stands for. */
function oracle(): string[] {
  const text = readFileSync(`${GO}.version-m.txt`, 'utf8');
  const goVersion = /^[^:]+: (go\S+)/.exec(text)![1]!;
  const info = parseModinfo(
    text
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/^\t/, ''))
      .join('\n'),
  );
  const out = info.deps.map(
    (d) =>
      `${d.replace && !d.replace.path.startsWith('.') ? d.replace.path : d.path}@${d.replace && !d.replace.path.startsWith('.') ? d.replace.version : d.version}`,
  );
  return [...out, `stdlib@${stdlibVersion(goVersion)}`].sort();
}

const analyze = (path: string, content: Buffer, mode = 0o755) => {
  const kept = keepFor(path, mode, content);
  return kept ? analyzeKept(path, kept, 'sha256:l', undefined) : { packages: [], warnings: [] };
};

describe('Go binaries', () => {
  it('lists what `go version -m` prints: dependencies, replacements and the Go version as stdlib', () => {
    const out = analyze('usr/local/bin/sg-hello', hello);
    expect(out.warnings).toEqual([]);
    expect(out.packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual(oracle());
    expect(out.packages.find((p) => p.name === 'gopkg.in/yaml.v3')).toMatchObject({
      type: 'golang',
      purl: 'pkg:golang/gopkg.in/yaml.v3@v3.0.1',
      path: 'usr/local/bin/sg-hello',
    });
    expect(out.packages.find((p) => p.name === 'stdlib')?.purl).toBe('pkg:golang/stdlib@v1.19.8');
  });

  it('keeps a few hundred bytes of a megabyte binary, and nothing of other executables', () => {
    expect(keepFor('usr/local/bin/sg-hello', 0o755, hello)!.length).toBeLessThan(2048);
    expect(keepFor('usr/local/bin/sg-hello', 0o644, hello)).toBeUndefined(); // not executable: not wanted
    expect(keepFor('bin/true', 0o755, readFileSync('/bin/true'))).toBeUndefined();
  });

  it('finds the build info by its magic when the section table is gone', () => {
    const b = Buffer.from(hello);
    b.writeUInt16LE(0, 60); // e_shnum
    expect(parseElf(b)!.sections).toEqual([]);
    expect(analyze('app', b).packages.map((p) => p.name)).toContain('gopkg.in/yaml.v3');
  });

  it('warns about corrupt build info and lists nothing for it', () => {
    const b = Buffer.from(hello);
    const at = b.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
    b.fill(0xff, at + 32, at + 42); // the version string's length is no longer a varint
    expect(readGoBuildInfo(b)).toEqual({ error: { id: 'analyzers.gobinary.badVarint', en: 'a string length is not a varint', data: {} } });
    const out = analyze('app', b);
    expect(out.packages).toEqual([]);
    expect(out.warnings.map(english)).toEqual(['app: Go build info is corrupt (a string length is not a varint): no Go modules listed for it']);
    expect(out.warnings[0]).toMatchObject({ id: 'analyzers.gobinary.corrupt', data: { error: { id: 'analyzers.gobinary.badVarint' } } });
    b.fill(0xff, at + 32, at + 35); // a huge length
    b[at + 35] = 0x7f;
    expect(english(analyze('app', b).warnings[0]!)).toMatch(/too long|past the end/);
  });

  it('never throws on mutated binaries', () => {
    const at = hello.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 255 }), (i, v) => {
        const b = Buffer.from(hello);
        b[at + 14 + i] = v;
        analyze('app', b);
        const h = Buffer.from(hello.subarray(0, 4096));
        h[i] = v;
        parseElf(h);
      }),
      { numRuns: 200 },
    );
  });

  it('reads the pointer format of Go before 1.18 through the loadable segments', () => {
    // A minimal ELF64: one PT_LOAD mapping the file at 0x400000, holding the 32-byte build info header, two
    // Go string headers (data pointer, length) and the strings, as go1.17 lays them out.
    const base = 0x400000;
    const b = Buffer.alloc(0x400);
    b.write('\x7fELF', 0, 'latin1');
    b[4] = 2; // 64-bit
    b[5] = 1; // little-endian
    b.writeBigUInt64LE(64n, 32); // e_phoff
    b.writeUInt16LE(56, 54); // e_phentsize
    b.writeUInt16LE(1, 56); // e_phnum
    b.writeUInt32LE(1, 64); // PT_LOAD
    b.writeBigUInt64LE(0n, 64 + 8); // p_offset
    b.writeBigUInt64LE(BigInt(base), 64 + 16); // p_vaddr
    b.writeBigUInt64LE(BigInt(b.length), 64 + 32); // p_filesz
    const info = 0x100;
    b.write('\xff Go buildinf:', info, 'latin1');
    b[info + 14] = 8; // pointer size
    b[info + 15] = 0; // little-endian, pointers (not inline)
    const version = 'go1.17.13';
    const mod = `${'0'.repeat(16)}path\texample.com/old\nmod\texample.com/old\tv1.0.0\th1:x=\ndep\tgolang.org/x/text\tv0.3.7\th1:y=\n${'1'.repeat(16)}`;
    const strs = 0x200;
    b.write(version, strs, 'utf8');
    b.write(mod, strs + 0x20, 'utf8');
    const hdr = 0x180;
    b.writeBigUInt64LE(BigInt(base + strs), hdr);
    b.writeBigUInt64LE(BigInt(version.length), hdr + 8);
    b.writeBigUInt64LE(BigInt(base + strs + 0x20), hdr + 16);
    b.writeBigUInt64LE(BigInt(Buffer.byteLength(mod)), hdr + 24);
    b.writeBigUInt64LE(BigInt(base + hdr), info + 16);
    b.writeBigUInt64LE(BigInt(base + hdr + 16), info + 24);
    const out = analyze('usr/bin/old', b);
    expect(out.warnings).toEqual([]);
    expect(out.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['example.com/old@v1.0.0', 'golang.org/x/text@v0.3.7', 'stdlib@v1.17.13']);
    b.writeBigUInt64LE(BigInt(base + 0x10000), info + 16); // a pointer outside every segment
    expect(analyze('usr/bin/old', b).warnings.map(english)).toEqual([
      'usr/bin/old: Go build info is corrupt (a string header lies outside the loaded segments): no Go modules listed for it',
    ]);
  });

  it('wants executables, not scripts or data', () => {
    expect(goBinaryAnalyzer.wants('usr/bin/traefik', 0o755)).toBe(true);
    expect(goBinaryAnalyzer.wants('usr/bin/traefik', 0o644)).toBe(false);
    expect(goBinaryAnalyzer.wants('usr/local/bin/entrypoint.sh', 0o755)).toBe(false);
  });
});

describe('Rust binaries (cargo-auditable)', () => {
  it('lists the runtime crates of the .dep-v0 section, not the build-time ones', () => {
    const out = analyze('usr/local/bin/auditable', readFileSync('test/fixtures/packages/rust/auditable'));
    expect(out.warnings).toEqual([]);
    expect(out.packages.map((p) => p.purl).sort()).toEqual(['pkg:cargo/serde@1.0.130', 'pkg:cargo/sg-auditable@0.1.0', 'pkg:cargo/smallvec@1.6.0']);
  });

  it('stops a zlib bomb in the section and warns', () => {
    const out = analyze('usr/local/bin/bomb', readFileSync('test/fixtures/packages/rust/auditable-bomb'));
    expect(out.packages).toEqual([]);
    expect(out.warnings.map(english)).toEqual([
      expect.stringMatching(/^usr\/local\/bin\/bomb: the cargo-auditable dependency list cannot be decompressed \(.*8388608/),
    ]);
  });
});
