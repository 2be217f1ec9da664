// A minimal zip writer for tests: jars nested to any depth, zip bombs, stored or deflated entries.
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipInput {
  name: string;
  data: Buffer;
  store?: boolean;
}

/**
 * The fields a local file header (from offset 8) and its central directory entry (from offset 10) share, in the
 * same layout: method, (time and date left 0), CRC-32, compressed and uncompressed size, name length.
 */
function writeEntryFields(h: Buffer, at: number, f: { method: number; crc: number; packed: number; size: number; nameLength: number }): void {
  h.writeUInt16LE(f.method, at);
  h.writeUInt32LE(f.crc, at + 6);
  h.writeUInt32LE(f.packed, at + 10);
  h.writeUInt32LE(f.size, at + 14);
  h.writeUInt16LE(f.nameLength, at + 18);
}

export function makeZip(entries: readonly ZipInput[]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = e.store ? e.data : deflateRawSync(e.data);
    const crc = crc32(e.data);
    const fields = { method: e.store ? 0 : 8, crc, packed: body.length, size: e.data.length, nameLength: name.length };
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    writeEntryFields(lh, 8, fields);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    writeEntryFields(ch, 10, fields);
    ch.writeUInt32LE(offset, 42);
    local.push(lh, name, body);
    central.push(ch, name);
    offset += lh.length + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, end]);
}
