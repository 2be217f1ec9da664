// The inventory as a CycloneDX 1.5 JSON SBOM, through @cyclonedx/cyclonedx-library.
import * as CDX from '@cyclonedx/cyclonedx-library';
import type { Inventory } from '../packages/types.js';
import { toolVersion } from '../core/version.js';

export function inventoryToCycloneDx(inv: Inventory): string {
  const bom = new CDX.Models.Bom();
  bom.metadata.timestamp = new Date();
  bom.metadata.tools.components.add(new CDX.Models.Component(CDX.Enums.ComponentType.Application, 'swarmguard', { version: toolVersion() }));
  bom.metadata.component = new CDX.Models.Component(CDX.Enums.ComponentType.Container, inv.ref, {
    bomRef: 'image',
    ...(inv.imageId ? { version: inv.imageId } : {}),
  });
  if (inv.os) {
    bom.components.add(
      new CDX.Models.Component(CDX.Enums.ComponentType.OperatingSystem, inv.os.family, {
        bomRef: 'os',
        version: inv.os.version,
        ...(inv.os.prettyName ? { description: inv.os.prettyName } : {}),
      }),
    );
  }
  const seen = new Set<string>();
  for (const p of inv.packages) {
    if (seen.has(p.purl)) continue;
    seen.add(p.purl);
    const c = new CDX.Models.Component(CDX.Enums.ComponentType.Library, p.name, { version: p.version, purl: p.purl, bomRef: p.purl });
    if (p.license) c.licenses.add(new CDX.Models.NamedLicense(p.license));
    c.properties.add(new CDX.Models.Property('swarmguard:package:path', p.path));
    if (p.layer) c.properties.add(new CDX.Models.Property('swarmguard:layer:diff_id', p.layer));
    if (p.sourceName)
      c.properties.add(new CDX.Models.Property('swarmguard:package:source', p.sourceVersion ? `${p.sourceName} ${p.sourceVersion}` : p.sourceName));
    bom.components.add(c);
  }
  const serializer = new CDX.Serialize.JsonSerializer(new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot5));
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}
