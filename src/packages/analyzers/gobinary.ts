// Go binaries: the module build info the Go toolchain embeds (`go version -m` prints it): the main module, every
// dependency with its version and `=>` replacement, and the Go version, listed as the module "stdlib". Found in
// the `.go.buildinfo` ELF section, or by a scan for its magic when the section table is stripped.
import { SaidError, messageOf } from '../../core/errors.js';
import { isMessage, type Message } from '../../core/message.js';
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { isElf, parseElf, readAt, sectionData, wantsExecutable, type ElfFile } from '../elf.js';
import { readJsonFile } from '../json.js';
import type { Package } from '../types.js';
import { analyzerMessages as M } from './messages.js';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
/** Longest version or module info string read. */
const MAX_STRING = 4 * MiB;

interface GoBuildInfo {
  goVersion: string;
  modinfo: string;
}

/** Why the build info is corrupt, by id. */
class BuildInfoError extends SaidError {}

type Kept = GoBuildInfo | { error: Message };

function uvarint(buf: Buffer, at: number): [number, number] | undefined {
  let x = 0;
  let s = 1;
  for (let i = 0; i < 10 && at + i < buf.length; i++) {
    const b = buf[at + i]!;
    x += (b & 0x7f) * s;
    if (b < 0x80) return [x, at + i + 1];
    s *= 128;
  }
  return undefined;
}

/** Strips the 16-byte sentinels the linker puts around the module info. */
function trimModinfo(s: string): string {
  return s.length >= 33 && s.charAt(s.length - 17) === '\n' ? s.slice(16, -16) : s;
}

/** Reads the build info at `at` (the magic's offset in `buf`). Throws with the reason when it is corrupt. */
function decode(buf: Buffer, at: number, elf: ElfFile | undefined): GoBuildInfo {
  if (at + 32 > buf.length) throw new BuildInfoError(M.say('analyzers.gobinary.headerPastEnd'));
  const ptrSize = buf[at + 14]!;
  const flags = buf[at + 15]!;
  if ((flags & 2) !== 0) {
    // Go 1.18+: both strings inline after the 32-byte header, each preceded by its length as a varint.
    const strings: string[] = [];
    let p = at + 32;
    for (let i = 0; i < 2; i++) {
      const v = uvarint(buf, p);
      if (!v) throw new BuildInfoError(M.say('analyzers.gobinary.badVarint'));
      const [len, next] = v;
      if (len > MAX_STRING || next + len > buf.length) throw new BuildInfoError(M.say('analyzers.gobinary.stringPastEnd', { size: len }));
      strings.push(buf.toString('utf8', next, next + len));
      p = next + len;
    }
    return { goVersion: strings[0]!, modinfo: trimModinfo(strings[1]!) };
  }
  // Before Go 1.18: two pointers to Go string headers (data pointer, length), resolved through the segments.
  if (ptrSize !== 4 && ptrSize !== 8) throw new BuildInfoError(M.say('analyzers.gobinary.pointerSize', { size: ptrSize }));
  if (!elf) throw new BuildInfoError(M.say('analyzers.gobinary.pointerNotElf'));
  const be = (flags & 1) !== 0;
  const ptr = (b: Buffer, o: number): number =>
    ptrSize === 8 ? Number(be ? b.readBigUInt64BE(o) : b.readBigUInt64LE(o)) : be ? b.readUInt32BE(o) : b.readUInt32LE(o);
  const str = (addr: number): string => {
    const hdr = readAt(buf, elf, addr, 2 * ptrSize);
    if (!hdr) throw new BuildInfoError(M.say('analyzers.gobinary.headerOutside'));
    const data = ptr(hdr, 0);
    const len = ptr(hdr, ptrSize);
    if (len > MAX_STRING) throw new BuildInfoError(M.say('analyzers.gobinary.stringTooLong', { size: len }));
    const bytes = len === 0 ? Buffer.alloc(0) : readAt(buf, elf, data, len);
    if (!bytes) throw new BuildInfoError(M.say('analyzers.gobinary.stringOutside'));
    return bytes.toString('utf8');
  };
  return { goVersion: str(ptr(buf, at + 16)), modinfo: trimModinfo(str(ptr(buf, at + 16 + ptrSize))) };
}

/** The build info of a Go ELF binary, undefined for any other file, `{ error }` when it is there but corrupt. */
export function readGoBuildInfo(buf: Buffer): Kept | undefined {
  if (!isElf(buf)) return undefined;
  const elf = parseElf(buf);
  const section = elf ? sectionData(buf, elf, '.go.buildinfo') : undefined;
  let at = -1;
  if (section && section.subarray(0, MAGIC.length).equals(MAGIC)) at = section.byteOffset - buf.byteOffset;
  else if (elf && elf.sections.length > 0 && !section) {
    // A section table without .go.buildinfo: not a Go binary (Go writes that section since 1.13). Only a binary
    // whose section table was stripped is searched for the magic, so /usr/bin is not scanned byte by byte.
    return undefined;
  } else {
    // The magic sits on a 16-byte boundary of its segment; file offsets keep that alignment in practice.
    for (let i = buf.indexOf(MAGIC); i >= 0; i = buf.indexOf(MAGIC, i + 1)) {
      if (i % 16 === 0) {
        at = i;
        break;
      }
    }
  }
  if (at < 0) return undefined;
  try {
    return decode(buf, at, elf);
  } catch (e) {
    return { error: messageOf(e) };
  }
}

interface Module {
  path: string;
  version: string;
}

export interface ParsedModinfo {
  path?: string;
  main?: Module;
  deps: (Module & { replace?: Module })[];
  /** `build` lines: -ldflags, GOEXPERIMENT, vcs.revision… */
  build: Map<string, string>;
}

/** The tab-separated lines `go version -m` prints: path, mod, dep, `=>` (replaces the line above), build. */
export function parseModinfo(text: string): ParsedModinfo {
  const out: ParsedModinfo = { deps: [], build: new Map() };
  let last: (Module & { replace?: Module }) | undefined;
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    if (f[0] === 'path' && f[1]) out.path = f[1];
    else if (f[0] === 'mod' && f[1]) out.main = last = { path: f[1], version: f[2] ?? '' };
    else if (f[0] === 'dep' && f[1]) {
      last = { path: f[1], version: f[2] ?? '' };
      out.deps.push(last);
    } else if (f[0] === '=>' && f[1] && last) last.replace = { path: f[1], version: f[2] ?? '' };
    else if (f[0] === 'build' && f[1]) {
      const eq = f[1].indexOf('=');
      if (eq > 0) out.build.set(f[1].slice(0, eq), unquoteGo(f[1].slice(eq + 1)));
    }
  }
  return out;
}

/** A build setting's value as `go version -m` prints it: Go-quoted when it holds spaces, quotes or tabs. */
function unquoteGo(v: string): string {
  if (!(v.length >= 2 && v.startsWith('"') && v.endsWith('"'))) return v;
  try {
    return JSON.parse(v) as string;
  } catch {
    return v.slice(1, -1);
  }
}

/** Splits a flags string as the go command does: on spaces, with single or double quotes grouping. */
export function splitFlags(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let cur = '';
  let last = -1;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const piece = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? '');
    // Adjacent pieces without a space between them are one word: -X 'main.version=1.2'.
    if (m.index === last) cur += piece;
    else {
      if (last >= 0) out.push(cur);
      cur = piece;
    }
    last = m.index + m[0].length;
  }
  if (last >= 0) out.push(cur);
  return out;
}

/** A variable an -X flag sets that holds the program's version: main.version, …/version.Version, main.gitVersion. */
const VERSION_VAR = /^(?:version|ver|gitversion|releaseversion|appversion|buildversion)$/i;
/** What such a variable must hold to be a version: SemVer, with or without its v. */
const SEMVERISH = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * The version an `-ldflags "-X pkg.var=value"` stamped into a `(devel)` main module, as trivy reads it: a
 * variable named like a version in package main or one of the module's own packages, holding a SemVer.
 */
export function ldflagsVersion(ldflags: string, mainPath: string): string | undefined {
  const words = splitFlags(ldflags);
  const candidates: { pkg: string; value: string }[] = [];
  for (let i = 0; i < words.length; i++) {
    let x: string | undefined;
    if ((words[i] === '-X' || words[i] === '--X') && words[i + 1] !== undefined) x = words[++i];
    else if (/^--?X=/.test(words[i]!)) x = words[i]!.replace(/^--?X=/, '');
    if (!x) continue;
    const eq = x.indexOf('=');
    if (eq <= 0) continue;
    const key = x.slice(0, eq);
    const value = x.slice(eq + 1).trim();
    const dot = key.lastIndexOf('.');
    if (dot <= 0 || !VERSION_VAR.test(key.slice(dot + 1)) || !SEMVERISH.test(value)) continue;
    candidates.push({ pkg: key.slice(0, dot), value });
  }
  const own = (pkg: string): boolean => pkg === 'main' || pkg === mainPath || pkg.startsWith(`${mainPath}/`);
  const pick = candidates.find((c) => c.pkg === 'main') ?? candidates.find((c) => own(c.pkg)) ?? candidates[0];
  return pick ? (pick.value.startsWith('v') ? pick.value : `v${pick.value}`) : undefined;
}

export function goPurl(path: string, version: string): string {
  return `pkg:golang/${path.split('/').map(encodeURIComponent).join('/')}@${encodeURIComponent(version)}`;
}

/**
 * "go1.21.5" → "v1.21.5"; "go1.22.1 X:boringcrypto" (a toolchain built with a GOEXPERIMENT) → "v1.22.1";
 * development toolchains ("devel …") have no release version.
 */
export function stdlibVersion(goVersion: string): string | undefined {
  const m = /^go(\d+(?:\.\d+){0,2})(\S*)$/.exec(goVersion.trim().split(/\s+/)[0] ?? '');
  return m ? `v${m[1]!}${m[2]!}` : undefined;
}

const isLocal = (p: string): boolean => p.startsWith('./') || p.startsWith('../') || p.startsWith('/');

export const goBinaryAnalyzer: Analyzer = {
  id: 'gobinary',
  // 3: the kept record says why build info is corrupt by id.
  version: 3,
  limits: { maxFileBytes: 8 * MiB, maxFiles: 5000 },
  wants: wantsExecutable,
  reduce(_path, content) {
    const info = readGoBuildInfo(content);
    return info === undefined ? undefined : Buffer.from(JSON.stringify(info));
  },
  analyze(input): AnalyzerOutput {
    const path = input.path;
    const json = readJsonFile(input);
    if (!json.ok) return { packages: [], warnings: [M.say('analyzers.gobinary.notJson', { path })] };
    const k = json.obj;
    if (isMessage(k.error)) return { packages: [], warnings: [M.say('analyzers.gobinary.corrupt', { path, error: k.error })] };
    if (typeof k.goVersion !== 'string' || typeof k.modinfo !== 'string') return { packages: [], warnings: [M.say('analyzers.gobinary.unreadable', { path })] };
    const info = parseModinfo(k.modinfo);
    const pkg = (name: string, version: string): Package => ({
      type: 'golang',
      name,
      version,
      path: input.path,
      layer: input.layer,
      purl: goPurl(name, version),
    });
    const packages: Package[] = [];
    if (info.main && info.main.version && info.main.version !== '(devel)') packages.push(pkg(info.main.path, info.main.version));
    else if (info.main) {
      // A `(devel)` build: the version -ldflags -X stamped in, when there is one.
      const stamped = ldflagsVersion(info.build.get('-ldflags') ?? '', info.main.path);
      if (stamped) packages.push(pkg(info.main.path, stamped));
    }
    for (const d of info.deps) {
      // A replacement by another module is what was built; by a local directory, the required version is all we know.
      const m = d.replace && !isLocal(d.replace.path) ? d.replace : d;
      if (m.path && m.version) packages.push(pkg(m.path, m.version));
    }
    const std = stdlibVersion(k.goVersion);
    if (std) packages.push(pkg('stdlib', std));
    return { packages, warnings: [] };
  },
};
