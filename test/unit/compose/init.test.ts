import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { imageProfile, renderInitStack, writeInitStack, type ImageFacts } from '../../../src/compose/init.js';
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

  it('names swarmguard commands, with the file written, in its header', () => {
    const text = renderInitStack({ file: 'web.yml', endpointMode: 'dnsrr', endpointReason: 'this node has no IPVS' });
    expect(text).toContain('# Deploy: swarmguard stack deploy -c web.yml test');
    expect(text).toContain('# Check:  swarmguard compose lint web.yml');
    expect(text).toContain('# endpoint_mode dnsrr: this node has no IPVS.');
    expect(text).not.toMatch(/docker stack deploy/);
  });

  it('fits tmpfs paths and the health check to each image; an unknown image gets no read_only guess', async () => {
    const debianApache: ImageFacts = { cmd: ['apache2ctl', '-D', 'FOREGROUND'], entrypoint: [], env: ['APACHE_RUN_DIR=/var/run/apache2'] };
    expect(imageProfile('httpd:2.4').writable).toEqual(['/usr/local/apache2/logs', '/tmp']);
    expect(imageProfile('docker.io/library/nginx:1.27@sha256:' + 'a'.repeat(64)).writable).toContain('/var/cache/nginx');
    expect(imageProfile('registry.example.com/web/apache:2', debianApache).writable).toEqual([
      '/var/run/apache2',
      '/var/lock/apache2',
      '/var/log/apache2',
      '/tmp',
    ]);
    expect(imageProfile('my/nginx', { cmd: ['nginx', '-g', 'daemon off;'], entrypoint: [], env: [] }).writable).toContain('/var/lib/nginx');
    expect(imageProfile('swarmguard-test/web:latest', { cmd: ['sh', '-c', 'httpd -f -p 80 -h /www'], entrypoint: [], env: [] }).writable).toEqual(['/tmp']);
    expect(imageProfile('my/app:1').writable).toBeNull();
    expect(imageProfile('my/app:1', { cmd: ['/app'], entrypoint: [], env: [] }).writable).toBeNull();

    const text = renderInitStack({ imageHttpd: 'my/apache:1', imageNginx: 'my/app:1', imageFacts: { httpd: debianApache } });
    const dir = tempDir();
    writeFileSync(path.join(dir, 's.yaml'), text);
    const { model } = await loadCompose(['s.yaml'], { cwd: dir, env: {} });
    expect(model.services.httpd?.readOnly).toBe(true);
    expect(text).toContain('target: /var/run/apache2');
    expect(text).not.toContain('/usr/local/apache2/logs');
    expect(text).toContain('kill -0 $$(cat /var/run/apache2/apache2.pid)');
    expect(model.services.nginx?.readOnly).not.toBe(true);
    expect(text).toMatch(/read_only is left out: swarmguard does not know which paths my\/app:1 writes/);
  });

  it('refuses to overwrite without force, and overwrites with it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'stack.yaml');
    writeFileSync(file, 'mine\n');
    await expect(writeInitStack(file, {})).rejects.toThrow(UserError);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    await writeInitStack(file, { force: true });
    expect(readFileSync(file, 'utf8')).toBe(renderInitStack({ file: 'stack.yaml' }));
  });

  it('refuses an image reference that would break the YAML', async () => {
    const dir = tempDir();
    await expect(writeInitStack(path.join(dir, 'x.yaml'), { imageNginx: 'nginx\nprivileged: true' })).rejects.toThrow(/not an image reference/);
  });
});
