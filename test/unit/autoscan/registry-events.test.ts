import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRegistryNotification } from '../../../src/autoscan/registry-events.js';
import { UserError } from '../../../src/core/errors.js';
import { expectOnlyUserErrors } from '../../helpers/user-errors-only.js';

const digest = `sha256:${'4'.repeat(64)}`;
// The shape the registry sends (distribution's notifications Envelope), trimmed.
const pushEvent = {
  id: '320678d8-ca14-430f-8bb6-4ca139cd83f7',
  timestamp: '2026-11-28T18:00:00.000Z',
  action: 'push',
  target: {
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    size: 708,
    digest,
    length: 708,
    repository: 'team/web',
    url: `http://127.0.0.1:5000/v2/team/web/manifests/${digest}`,
    tag: 'v1.2.3',
  },
  request: { id: 'r1', addr: '127.0.0.1:41234', host: '127.0.0.1:5000', method: 'PUT', useragent: 'docker/20.10' },
  actor: {},
  source: { addr: 'registry:5000', instanceID: 'i1' },
};

describe('parseRegistryNotification', () => {
  it('turns a manifest push into a pullable job by digest', () => {
    const { jobs, ignored } = parseRegistryNotification({ events: [pushEvent] });
    expect(ignored).toBe(0);
    expect(jobs).toEqual([
      {
        digest,
        repository: '127.0.0.1:5000/team/web',
        tag: 'v1.2.3',
        trigger: 'push',
        origin: `ref:127.0.0.1:5000/team/web@${digest}`,
        ref: `127.0.0.1:5000/team/web@${digest}`,
      },
    ]);
  });

  it('ignores events whose tag no registry would accept (log and terminal injection)', () => {
    for (const tag of ['v1\n2026-01-01 scanned evil: 0 finding(s)', '\u001b[2Jx', 'a'.repeat(129), '-x', 'x y']) {
      const { jobs, ignored } = parseRegistryNotification({ events: [{ ...pushEvent, target: { ...pushEvent.target, tag } }] });
      expect(jobs, JSON.stringify(tag)).toEqual([]);
      expect(ignored).toBe(1);
    }
  });

  it('never reads a registry host without a dot or port as a Docker Hub namespace', () => {
    const event = { ...pushEvent, target: { ...pushEvent.target, url: `http://myregistry/v2/team/web/manifests/${digest}` } };
    expect(parseRegistryNotification({ events: [event] }).jobs).toEqual([]);
  });

  it('ignores pulls, blob pushes, deletes and malformed events', () => {
    const { jobs, ignored } = parseRegistryNotification({
      events: [
        { ...pushEvent, action: 'pull' },
        { ...pushEvent, target: { ...pushEvent.target, mediaType: 'application/octet-stream' } },
        { ...pushEvent, action: 'delete' },
        { ...pushEvent, target: { ...pushEvent.target, digest: 'sha256:nothex' } },
        { ...pushEvent, target: { ...pushEvent.target, repository: '../../etc' } },
        { ...pushEvent, target: { ...pushEvent.target, url: 'not a url' }, request: { host: 'evil host;rm' } },
        null,
        42,
      ],
    });
    expect(jobs).toEqual([]);
    expect(ignored).toBe(8);
  });

  it('falls back to the request host when the URL is missing', () => {
    const { jobs } = parseRegistryNotification({ events: [{ ...pushEvent, target: { ...pushEvent.target, url: undefined } }] });
    expect(jobs[0]!.ref).toBe(`127.0.0.1:5000/team/web@${digest}`);
  });

  it('rejects what is not an envelope, and never throws anything else', () => {
    for (const bad of [null, 1, 'x', [], {}, { events: 'no' }]) expect(() => parseRegistryNotification(bad)).toThrow(UserError);
    expectOnlyUserErrors(fc.jsonValue(), (v) => parseRegistryNotification(v));
  });
});
