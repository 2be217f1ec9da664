import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineSplitter, parseEngineEvent, sinceFromNano } from '../../../src/autoscan/events.js';

// As the engine sends it: timeNano has more digits than a double holds.
const line =
  '{"Type":"service","Action":"update","Actor":{"ID":"abc123","Attributes":{"name":"test_web","updatestate.new":"updating","n":5}},' +
  '"scope":"swarm","time":1764352800,"timeNano":1764352800123456789}';

describe('engine events', () => {
  it('parses an event and keeps only string attributes', () => {
    const e = parseEngineEvent(line)!;
    expect(e).toMatchObject({ Type: 'service', Action: 'update', Actor: { ID: 'abc123', Attributes: { name: 'test_web', 'updatestate.new': 'updating' } } });
    expect(e.Actor.Attributes).not.toHaveProperty('n');
    expect(parseEngineEvent('{"Type":1}')).toBeUndefined();
    expect(parseEngineEvent('nope')).toBeUndefined();
  });

  it('splits lines whatever the chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }), (cuts) => {
        const text = `${line}\n${line}\n${line}\n`;
        const s = new LineSplitter();
        const out: string[] = [];
        let pos = 0;
        for (const c of cuts) {
          out.push(...s.push(text.slice(pos, pos + c)));
          pos += c;
        }
        out.push(...s.push(text.slice(pos)));
        expect(out).toEqual([line, line, line]);
      }),
    );
  });

  it('formats `since` with nanosecond precision', () => {
    expect(sinceFromNano('1764352800000000001')).toBe('1764352800.000000001');
    expect(sinceFromNano('1000000000')).toBe('1.000000000');
    expect(sinceFromNano('5')).toBe('0.000000005');
    expect(parseEngineEvent(line)!.timeNanoText).toBe('1764352800123456789');
  });
});
