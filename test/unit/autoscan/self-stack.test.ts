import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderSelfStack, writeSelfStack } from '../../../src/autoscan/self-stack.js';
import { UserError } from '../../../src/core/errors.js';

const ID = `sha256:${'c'.repeat(64)}`;

describe('swarmguard as a stack', () => {
  it('deploy/swarmguard.yaml is what self init writes for a deploy-time image and socket group', () => {
    const committed = readFileSync(path.resolve('deploy/swarmguard.yaml'), 'utf8');
    expect(committed).toBe(renderSelfStack({ image: '${SWARMGUARD_IMAGE}', socketGid: '${DOCKER_GID}' }));
  });

  it('places watch on managers, serve anywhere; runs nothing as root; mounts the socket only where documented', () => {
    const doc = parse(renderSelfStack({ image: ID, socketGid: 998 })) as {
      services: Record<
        string,
        { user: string; read_only: boolean; cap_drop: string[]; volumes?: unknown[]; deploy: { placement?: { constraints: string[] } } }
      >;
      networks: Record<string, { driver_opts: { encrypted: string } }>;
      secrets: Record<string, { external: boolean; name: string }>;
    };
    expect(Object.keys(doc.services)).toEqual(['db', 'serve', 'watch', 'dashboard']);
    expect(doc.services.watch!.deploy.placement?.constraints).toEqual(['node.role == manager']);
    expect(doc.services.serve!.deploy.placement).toBeUndefined();
    for (const [name, svc] of Object.entries(doc.services)) {
      expect(svc.user, name).not.toMatch(/^(root|0)(:|$)/);
      expect(svc.read_only, name).toBe(true);
      expect(svc.cap_drop, name).toEqual(['ALL']);
      const socket = (svc.volumes ?? []).some((v) => typeof v === 'string' && v.startsWith('/var/run/docker.sock'));
      expect(socket, name).toBe(name === 'serve' || name === 'watch');
    }
    expect(doc.services.serve!.user).toBe('65534:998');
    for (const n of Object.values(doc.networks)) expect(n.driver_opts.encrypted).toBe('true');
    expect(Object.values(doc.secrets).map((s) => s.name)).toEqual(['swarmguard_db_password', 'swarmguard_serve_token', 'swarmguard_dashboard_token']);
  });

  it('refuses an image that is not pinned, and an existing file unless forced', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-self-'));
    try {
      const file = path.join(dir, 's.yaml');
      await expect(writeSelfStack(file, { image: 'swarmguard/swarmguard:1', socketGid: 1 })).rejects.toThrow(UserError);
      await writeSelfStack(file, { image: ID, socketGid: 1 });
      await expect(writeSelfStack(file, { image: ID, socketGid: 1 })).rejects.toThrow(/already exists/);
      await writeSelfStack(file, { image: ID, socketGid: 2, force: true });
      expect(readFileSync(file, 'utf8')).toContain('user: "65534:2"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('judges the image by the one reference type: a digest of a valid reference, an image ID, or a deploy-time variable', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-self-'));
    const hex = 'a'.repeat(64);
    try {
      const accepted = [`registry.example:5000/team/swarmguard@sha256:${hex}`, `swarmguard@sha256:${hex}`, `sha256:${hex}`, '${SWARMGUARD_IMAGE}'];
      for (const [i, image] of accepted.entries()) await writeSelfStack(path.join(dir, `ok${i}.yaml`), { image, socketGid: 1 });
      const refused = [
        'swarmguard/swarmguard:1',
        // A digest after a name the reference grammar refuses (upper case, a space): no image could be pulled by it.
        `Team/Swarmguard@sha256:${hex}`,
        `swarm guard@sha256:${hex}`,
        `swarmguard@sha256:${'a'.repeat(63)}`,
        `xsha256:${hex}`,
        '${lower_case}',
      ];
      for (const [i, image] of refused.entries())
        await expect(writeSelfStack(path.join(dir, `bad${i}.yaml`), { image, socketGid: 1 }), image).rejects.toThrow(/is not pinned by digest/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
