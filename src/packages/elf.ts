// Just enough ELF to find a named section and to read bytes at a virtual address, for the binaries' embedded
// package lists (Go build info, cargo-auditable). Every offset is checked against the buffer: a corrupt or
// crafted header gives undefined, never an exception past this module.

export interface ElfSection {
  name: string;
  addr: number;
  offset: number;
  size: number;
  /** SHT_NOBITS sections (.bss) have no bytes in the file. */
  nobits: boolean;
}

export interface ElfSegment {
  vaddr: number;
  offset: number;
  filesz: number;
}

export interface ElfFile {
  bits: 32 | 64;
  littleEndian: boolean;
  sections: ElfSection[];
  segments: ElfSegment[];
}

const MAX_HEADERS = 4096;
/** Longest section name read: longer ones are not the sections looked for. */
const MAX_NAME = 256;
/** Script extensions: executable, never a compiled binary. */
const SCRIPT = /\.(sh|bash|py|pl|rb|js|php|txt|conf)$/;

/** What the binary analyzers want: executable files that are not scripts. */
export function wantsExecutable(path: string, mode: number): boolean {
  return (mode & 0o111) !== 0 && !SCRIPT.test(path);
}

export function isElf(buf: Buffer): boolean {
  return buf.length >= 52 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46;
}

export function parseElf(buf: Buffer): ElfFile | undefined {
  if (!isElf(buf)) return undefined;
  const bits = buf[4] === 2 ? 64 : buf[4] === 1 ? 32 : undefined;
  const le = buf[5] === 1 ? true : buf[5] === 2 ? false : undefined;
  if (bits === undefined || le === undefined) return undefined;
  if (bits === 64 && buf.length < 64) return undefined;
  const u16 = (at: number): number => (le ? buf.readUInt16LE(at) : buf.readUInt16BE(at));
  const u32 = (at: number): number => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const u64 = (at: number): number => Number(le ? buf.readBigUInt64LE(at) : buf.readBigUInt64BE(at));
  const word = bits === 64 ? u64 : u32;
  const fits = (at: number, n: number): boolean => Number.isSafeInteger(at) && at >= 0 && at + n <= buf.length;
  const phoff = word(bits === 64 ? 32 : 28);
  const shoff = word(bits === 64 ? 40 : 32);
  const base = bits === 64 ? 54 : 42;
  const phentsize = u16(base);
  const phnum = u16(base + 2);
  const shentsize = u16(base + 4);
  const shnum = u16(base + 6);
  const shstrndx = u16(base + 8);
  const segments: ElfSegment[] = [];
  if (phnum <= MAX_HEADERS && phentsize >= (bits === 64 ? 56 : 32)) {
    for (let i = 0; i < phnum; i++) {
      const at = phoff + i * phentsize;
      if (!fits(at, phentsize)) break;
      if (u32(at) !== 1) continue; // PT_LOAD
      segments.push(
        bits === 64 ? { offset: u64(at + 8), vaddr: u64(at + 16), filesz: u64(at + 32) } : { offset: u32(at + 4), vaddr: u32(at + 8), filesz: u32(at + 16) },
      );
    }
  }
  const raw: (Omit<ElfSection, 'name'> & { nameOff: number })[] = [];
  if (shnum <= MAX_HEADERS && shentsize >= (bits === 64 ? 64 : 40)) {
    for (let i = 0; i < shnum; i++) {
      const at = shoff + i * shentsize;
      if (!fits(at, shentsize)) break;
      raw.push(
        bits === 64
          ? { nameOff: u32(at), nobits: u32(at + 4) === 8, addr: u64(at + 16), offset: u64(at + 24), size: u64(at + 32) }
          : { nameOff: u32(at), nobits: u32(at + 4) === 8, addr: u32(at + 12), offset: u32(at + 16), size: u32(at + 20) },
      );
    }
  }
  const strtab = raw[shstrndx];
  const sections: ElfSection[] = raw.map(({ nameOff, ...s }) => {
    let name = '';
    if (strtab && fits(strtab.offset, strtab.size) && nameOff < strtab.size) {
      // The NUL is looked for within the string table and at most MAX_NAME bytes on: a table without NULs
      // costs 4,096 short reads, not 4,096 reads to the end of the file.
      const start = strtab.offset + nameOff;
      const end = buf.subarray(start, Math.min(strtab.offset + strtab.size, start + MAX_NAME + 1)).indexOf(0);
      if (end >= 0) name = buf.toString('latin1', start, start + end);
    }
    return { name, ...s };
  });
  return { bits, littleEndian: le, sections, segments };
}

/** A section's bytes, when it has some inside the buffer. */
export function sectionData(buf: Buffer, elf: ElfFile, name: string): Buffer | undefined {
  const s = elf.sections.find((x) => x.name === name);
  if (!s || s.nobits || s.offset < 0 || s.offset + s.size > buf.length) return undefined;
  return buf.subarray(s.offset, s.offset + s.size);
}

/** `n` bytes at virtual address `addr`, through the loadable segments. */
export function readAt(buf: Buffer, elf: ElfFile, addr: number, n: number): Buffer | undefined {
  for (const seg of elf.segments) {
    if (addr >= seg.vaddr && addr + n <= seg.vaddr + seg.filesz) {
      const off = seg.offset + (addr - seg.vaddr);
      if (off >= 0 && off + n <= buf.length) return buf.subarray(off, off + n);
    }
  }
  return undefined;
}
