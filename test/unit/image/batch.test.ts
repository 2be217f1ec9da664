// The batch's pure parts: grouping images by shared layers, and reading the engine's service list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServiceList } from '../../../src/engine/models.js';
import { groupBySharedLayers, serviceImagesOf } from '../../../src/image/batch.js';

describe('groupBySharedLayers', () => {
  it('puts images that share a layer (even through a third image) in one group, the others apart', () => {
    const imgs = [
      { id: 'a', diffIds: ['base', 'a1'] },
      { id: 'b', diffIds: ['base', 'b1'] },
      { id: 'c', diffIds: ['other'] },
      { id: 'd', diffIds: ['b1', 'd1'] },
    ];
    const groups = groupBySharedLayers(imgs, 32).map((g) => g.map((i) => i.id).sort());
    expect(groups.sort()).toEqual([['a', 'b', 'd'], ['c']]);
  });

  it('splits a large group, and never loses or repeats an image', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom('l1', 'l2', 'l3', 'l4', 'l5'), { minLength: 1, maxLength: 3 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        (layers, max) => {
          const imgs = layers.map((diffIds, k) => ({ id: k, diffIds }));
          const groups = groupBySharedLayers(imgs, max);
          expect(groups.every((g) => g.length >= 1 && g.length <= max)).toBe(true);
          expect(
            groups
              .flat()
              .map((i) => i.id)
              .sort((x, y) => x - y),
          ).toEqual(imgs.map((i) => i.id));
        },
      ),
    );
  });
});

describe('serviceImagesOf', () => {
  it('takes each service name and image from the parsed service list, skips services without either', () => {
    const raw = [
      { ID: 's1', Version: { Index: 1 }, Spec: { Name: 'shop_web', TaskTemplate: { ContainerSpec: { Image: 'web:1@sha256:' + 'a'.repeat(64) } } } },
      { ID: 's2', Version: { Index: 1 }, Spec: { Name: 'shop_api', TaskTemplate: { ContainerSpec: { Image: 'api:2' } } } },
      { ID: 's3', Version: { Index: 1 }, Spec: { Name: 'broken' } },
    ];
    expect(serviceImagesOf(parseServiceList(raw))).toEqual([
      { service: 'shop_api', image: 'api:2' },
      { service: 'shop_web', image: `web:1@sha256:${'a'.repeat(64)}` },
    ]);
    expect(serviceImagesOf([])).toEqual([]);
  });
});
