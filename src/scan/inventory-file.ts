// Reads a saved inventory (JSON) for scanning without the image: parsed and checked once, here at the edge.
import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import type { Inventory, OsInfo, Package, PackageType } from '../packages/types.js';

const TYPES: readonly PackageType[] = ['apk', 'deb', 'rpm', 'npm', 'pypi'];
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const optStr = (o: Json, k: string): Record<string, string> => (typeof o[k] === 'string' ? { [k]: o[k] as string } : {});

export function parseInventory(doc: unknown, file: string): Inventory {
  if (!isObject(doc)) throw new InputError(file, 'an inventory must be a JSON object');
  const inv = isObject(doc.inventory) ? doc.inventory : doc;
  if (typeof inv.ref !== 'string' || !Array.isArray(inv.packages)) throw new InputError(file, 'an inventory needs "ref" and "packages"');
  const packages: Package[] = inv.packages.map((p, i) => {
    if (!isObject(p) || typeof p.name !== 'string' || typeof p.version !== 'string' || typeof p.type !== 'string' || !TYPES.includes(p.type as PackageType)) {
      throw new InputError(file, `packages[${i}]: needs type (${TYPES.join(', ')}), name and version`);
    }
    return {
      type: p.type as PackageType,
      name: p.name,
      version: p.version,
      path: typeof p.path === 'string' ? p.path : '',
      purl: typeof p.purl === 'string' ? p.purl : `pkg:${p.type}/${p.name}@${p.version}`,
      ...optStr(p, 'sourceName'),
      ...optStr(p, 'sourceVersion'),
      ...optStr(p, 'release'),
      ...optStr(p, 'arch'),
      ...optStr(p, 'layer'),
      ...(typeof p.epoch === 'number' ? { epoch: p.epoch } : {}),
    };
  });
  let os: OsInfo | undefined;
  if (isObject(inv.os)) {
    if (typeof inv.os.family !== 'string' || typeof inv.os.version !== 'string') throw new InputError(file, 'os needs family and version');
    os = { family: inv.os.family, version: inv.os.version, source: typeof inv.os.source === 'string' ? inv.os.source : file, ...optStr(inv.os, 'codename') };
  }
  return {
    ref: inv.ref,
    packages,
    warnings: Array.isArray(inv.warnings) ? inv.warnings.filter((w): w is string => typeof w === 'string') : [],
    layers: Array.isArray(inv.layers) ? inv.layers.filter((w): w is string => typeof w === 'string') : [],
    ...(os ? { os } : {}),
    ...optStr(inv, 'imageId'),
  };
}

export function loadInventoryFile(file: string): Inventory {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, `cannot read: ${(e as Error).message}`);
  }
  try {
    return parseInventory(JSON.parse(text), file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, `not valid JSON: ${(e as Error).message}`);
  }
}
