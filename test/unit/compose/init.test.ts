import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { renderInitStack, writeInitStack } from '../../../src/compose/init.js';
import { loadCompose } from '../../../src/compose/load.js';
import { runRules } from '../../../src/compose/rules/index.js';
import { tempDir } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../../..');

describe('compose init', () => {
  it('writes what examples/overlay-encrypted.yaml shows', () => {
    expect(renderInitStack()).toBe(readFileSync(path.join(root, 'examples/overlay-encrypted.yaml'), 'utf8'));
  });

  it('is a valid stack: nginx and httpd, replicated x1, on the encrypted overlay, and lint finds only what the image decides', async () => {
    const dir = tempDir();
    await writeInitStack(path.join(dir, 'overlay-encrypted.yaml'), {});
    const loaded = await loadCompose(['overlay-encrypted.yaml'], { cwd: dir, env: {} });
    const m = loaded.model;
    expect(Object.keys(m.services)).toEqual(['nginx', 'httpd']);
    expect(m.services.nginx?.image).toBe('nginx');
    expect(m.services.httpd?.image).toBe('httpd');
    for (const svc of Object.values(m.services)) {
      expect(svc.deploy).toMatchObject({ mode: 'replicated', replicas: 1, endpointMode: 'vip' });
      expect(Object.keys(svc.networks ?? {})).toEqual(['encrypted']);
      expect(svc.readOnly).toBe(true);
      expect(svc.capDrop).toEqual(['ALL']);
    }
    expect(m.networks.encrypted).toMatchObject({ driver: 'overlay', driverOpts: { encrypted: '' } });
    expect(m.networks.default).toBeUndefined();
    const ids = new Set(runRules(loaded).map((f) => f.id));
    // Unpinned images and the image-chosen user are the only things left to the user.
    expect([...ids].sort()).toEqual(['image-not-pinned', 'user-root']);
  });

  it('takes images and the endpoint mode from options', () => {
    const text = renderInitStack({ imageNginx: 'swarmguard-test/web:latest', imageHttpd: 'swarmguard-test/web:latest', endpointMode: 'dnsrr' });
    expect(text).toContain('image: "swarmguard-test/web:latest"');
    expect(text.match(/endpoint_mode: dnsrr/g)).toHaveLength(2);
    expect(text).not.toContain('httpd.pid');
  });

  it('refuses to overwrite without force, and overwrites with it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'stack.yaml');
    writeFileSync(file, 'mine\n');
    await expect(writeInitStack(file, {})).rejects.toThrow(UserError);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    await writeInitStack(file, { force: true });
    expect(readFileSync(file, 'utf8')).toBe(renderInitStack());
  });

  it('refuses an image reference that would break the YAML', async () => {
    const dir = tempDir();
    await expect(writeInitStack(path.join(dir, 'x.yaml'), { imageNginx: 'nginx\nprivileged: true' })).rejects.toThrow(/not an image reference/);
  });
});
