import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/core/errors.js';
import { EngineDataError, engineMessage, engineStatus, parseDistribution, parseInfo, parseService, translateEngineError } from '../../../src/engine/models.js';

describe('image distribution answers', () => {
  it('reads the digest and platforms a registry reports', () => {
    const d = parseDistribution({
      Descriptor: { mediaType: 'application/vnd.oci.image.index.v1+json', digest: `sha256:${'a'.repeat(64)}`, size: 1234 },
      Platforms: [
        { architecture: 'amd64', os: 'linux' },
        { architecture: 'arm64', os: 'linux', variant: 'v8' },
      ],
    });
    expect(d.Descriptor.digest).toBe(`sha256:${'a'.repeat(64)}`);
    expect(d.Platforms.map((p) => p.architecture)).toEqual(['amd64', 'arm64']);
  });

  it('a missing descriptor or platform list reads as empty, not as a digest', () => {
    const d = parseDistribution({ Descriptor: null, Platforms: null });
    expect(d.Descriptor.digest).toBeUndefined();
    expect(d.Platforms).toEqual([]);
  });

  it('refuses wrong-shaped answers with the field that is wrong', () => {
    expect(() => parseDistribution({ Descriptor: { digest: 42 } })).toThrow(/Descriptor\.digest/);
    expect(() => parseDistribution({ Platforms: 'linux/amd64' })).toThrow(EngineDataError);
    expect(() => parseDistribution('sha256:abc')).toThrow(EngineDataError);
    expect(() => parseDistribution(null)).toThrow(EngineDataError);
  });

  it('never throws anything but EngineDataError on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        try {
          parseDistribution(v);
        } catch (e) {
          expect(e).toBeInstanceOf(EngineDataError);
        }
      }),
    );
  });
});

describe('service mode and engine time', () => {
  const svc = (mode: unknown) => parseService({ ID: 's1', Version: { Index: 1 }, Spec: { Name: 'web', Mode: mode } });

  it('reads the replica count, and tells a job from a service', () => {
    expect(svc({ Replicated: { Replicas: 3 } }).Spec.Mode.Replicated?.Replicas).toBe(3);
    expect(svc({ Global: {} }).Spec.Mode.Replicated).toBeUndefined();
    expect(svc({ ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 2 } }).Spec.Mode.ReplicatedJob?.TotalCompletions).toBe(2);
    expect(svc(null).Spec.Mode).toEqual({});
  });

  it('keeps mode keys it does not know, so an update sends them back', () => {
    expect(svc({ Replicated: { Replicas: 1, MaxReplicasPerNode: 2 } }).Spec.Mode.Replicated).toEqual({ Replicas: 1, MaxReplicasPerNode: 2 });
  });

  it('refuses a replica count that is not a number', () => {
    expect(() => svc({ Replicated: { Replicas: '3' } })).toThrow(/Spec\.Mode\.Replicated\.Replicas/);
    expect(() => svc('replicated')).toThrow(EngineDataError);
  });

  it('reads the engine clock, and refuses one of the wrong type', () => {
    expect(parseInfo({ SystemTime: '2026-11-29T11:00:00.123456789Z' }).SystemTime).toBe('2026-11-29T11:00:00.123456789Z');
    expect(parseInfo({}).SystemTime).toBe('');
    expect(() => parseInfo({ SystemTime: 1700000000 })).toThrow(/SystemTime/);
  });
});

describe('a translated engine error keeps what the engine said', () => {
  const raw = Object.assign(new Error('(HTTP code 400) unexpected'), { statusCode: 400, json: { message: 'only updates to Labels are allowed' } });

  it('status and message read through the translation to the failure it wraps', () => {
    const translated = translateEngineError(raw, 'updating secret s1');
    expect(translated).toBeInstanceOf(EngineError);
    expect(translated.message).toMatch(/updating secret s1: the engine answered 400: only updates to Labels are allowed/);
    expect(engineStatus(translated)).toBe(400);
    expect(engineMessage(translated)).toBe('only updates to Labels are allowed');
  });

  it('an EngineError of our own, with no engine failure behind it, has no status', () => {
    const own = new EngineError('the task has no container yet');
    expect(engineStatus(own)).toBeUndefined();
    expect(engineMessage(own)).toBe('the task has no container yet');
  });
});
