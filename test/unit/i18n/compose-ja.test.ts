// Every compose lint rule speaks Japanese: its title, remediation and every kind of occurrence message.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCompose } from '../../../src/compose/load.js';
import { composeRules, runRules } from '../../../src/compose/rules/index.js';
import type { Finding } from '../../../src/core/finding.js';
import { localizeFinding, localizeFindings, ruleTexts } from '../../../src/i18n/findings.js';
import { JA_COMPOSE_RULES } from '../../../src/i18n/ja/compose-rules.js';
import { loadText } from '../compose/helpers.js';

const root = path.resolve(import.meta.dirname, '../../..');

// One stack that makes every rule report, in each of its variants.
const EVERY_VARIANT = `
services:
  a:
    image: nginx
    restart: always
    privileged: true
    security_opt: [no-new-privileges:true]
    devices: ["/dev/fuse"]
    pid: host
    ipc: host
    cap_add: [SYS_ADMIN, NET_RAW, cap_dac_read_search]
    user: "0"
    read_only: false
    healthcheck: {disable: true}
    environment:
      DB_PASSWORD: "hunter2-but-longer"
      API_TOKEN: \${UNSET_TOKEN:-literal-default-token-value}
    env_file: [app.env]
    ports: ["8080:80", {target: 9000, published: 9000, mode: host}]
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
      - /etc:/host/etc:ro
      - /root:/r
    networks: [hostnet, plain, said-false]
    deploy:
      restart_policy: {condition: on-failure}
      resources: {limits: {memory: 64M}}
  b:
    image: registry.example.com/x:latest
    build: .
    container_name: b
    expose: ["80"]
    links: [a]
  c:
    image: alpine:3.20
    depends_on:
      a: {condition: service_healthy}
networks:
  hostnet: {external: true, name: host}
  plain: {driver: overlay}
  said-false: {driver: overlay, driver_opts: {encrypted: "false"}}
`;

async function corpus(): Promise<Finding[]> {
  const example = runRules(await loadCompose(['examples/insecure-stack.yaml'], { cwd: root, env: {} }));
  const variants = runRules(await loadText(EVERY_VARIANT, { 'app.env': 'SECRET_KEY=abcdefghijklmnopqrstuvwxyz012345\n' }));
  return [...example, ...variants];
}

describe('compose lint in Japanese', () => {
  it('has Japanese texts for every registered rule, and none for rules that do not exist', () => {
    const ids = composeRules
      .all()
      .map((r) => r.id)
      .sort();
    expect(Object.keys(JA_COMPOSE_RULES).sort()).toEqual(ids);
    for (const id of ids) {
      const ja = ruleTexts('ja', 'compose', id);
      const en = composeRules.get(id)?.meta;
      expect(ja?.title, id).toBeTruthy();
      expect(ja?.title).not.toBe(en?.title);
      expect(ja?.remediation).not.toBe(en?.remediation);
      expect(ja?.title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
    }
  });

  it('translates every finding the rules make, keeping ids, severities, targets and the names in the message', async () => {
    const findings = await corpus();
    const seen = new Set(findings.map((f) => f.id));
    expect(seen.size).toBe(composeRules.all().length);
    for (const f of findings) {
      const texts = ruleTexts('ja', 'compose', f.id);
      const ja = texts?.message?.(f.evidence ?? {}, f);
      expect(ja, `${f.id}: ${f.message}`).toBeDefined();
      const localized = localizeFinding(f, 'ja');
      expect(localized.message).toBe(ja);
      expect(localized.message).not.toBe(f.message);
      expect(localized.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
      expect({ ...localized, title: f.title, message: f.message, remediation: f.remediation }).toEqual(f);
      const service = f.evidence?.service;
      if (typeof service === 'string') expect(localized.message).toContain(`"${service}"`);
    }
  });

  it('never prints a secret value, in Japanese either', async () => {
    const text = JSON.stringify(localizeFindings(await corpus(), 'ja'));
    expect(text).not.toContain('hunter2-but-longer');
    expect(text).not.toContain('literal-default-token-value');
    expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
    expect(text).not.toContain('correct-horse-battery-staple');
  });

  it('leaves findings untouched in English', async () => {
    const findings = await corpus();
    expect(localizeFindings(findings, 'en')).toEqual(findings);
  });
});
