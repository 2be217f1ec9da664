// Messages as data: what findings and notes keep by id is plain JSON, read back through one bounded reader.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineCheck, findingOf } from '../../../src/core/check.js';
import type { Finding } from '../../../src/core/finding.js';
import { notesFromData, parseMessage, parseSaid, readBackFinding, readBackFindings } from '../../../src/core/message-data.js';
import {
  defineMessages,
  english,
  joinMessages,
  listMessage,
  notesData,
  notesSaid,
  opensWith,
  pushNote,
  rawMessage,
  saidOf,
  type Message,
} from '../../../src/core/message.js';

const book = defineMessages({ 'x.a': 'a {v}', 'x.b': 'b', 'x.c': '{inner} then {n}' });
const meta = { id: 'r', title: 'R', severity: 'HIGH' as const, description: 'd', remediation: 'fix it', references: [] };
const target = { kind: 'service' as const, name: 's' };

/** Messages as the books make them: values that are text, numbers or messages, nested a few levels. */
const messages: fc.Arbitrary<Message> = fc.letrec<{ m: Message }>((tie) => ({
  m: fc.oneof(
    { depthSize: 'small' },
    fc.constant(book.say('x.b')),
    fc.oneof(fc.string(), fc.integer()).map((v) => book.say('x.a', { v })),
    fc.tuple(tie('m'), fc.integer()).map(([inner, n]) => book.say('x.c', { inner, n })),
    fc.array(tie('m'), { maxLength: 3 }).map((l) => listMessage(l)),
    fc.string().map(rawMessage),
  ),
})).m;

describe('a message read back', () => {
  it('is the message that was written, for every message the books make', () => {
    fc.assert(
      fc.property(messages, (m) => {
        const back = parseMessage(JSON.parse(JSON.stringify(m)));
        expect(back).toEqual(m);
        expect(english(back!)).toBe(english(m));
      }),
    );
  });

  it('is no message when its shape is wrong, whatever the value', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const m = parseMessage(v);
        if (m !== undefined) expect(typeof english(m)).toBe('string');
      }),
    );
    for (const bad of [null, 'x', 3, [], { id: 1, en: 'x', data: {} }, { id: 'x.a', en: 'x' }, { id: 'x.a', en: 'x', data: { v: [] } }])
      expect(parseMessage(bad)).toBeUndefined();
    expect(parseMessage({ id: 'a b', en: 'x', data: {} })).toBeUndefined();
    expect(parseMessage({ id: 'x.a', en: 'x', data: { 'bad key': 'v' } })).toBeUndefined();
    expect(parseMessage({ id: 'x.a', en: '{v}', data: { v: Number.NaN } })).toBeUndefined();
    // A key that would reach the prototype is no value; the message and the evidence stay plain records.
    const proto = parseMessage(JSON.parse('{"id":"x.a","en":"{v}","data":{"__proto__":{"id":"x.b","en":"b","data":{}}}}'));
    expect(proto).toEqual({ id: 'x.a', en: '{v}', data: {} });
    expect(Object.getPrototypeOf(proto!.data)).toBe(Object.prototype);
    const said = parseSaid(JSON.parse('{"evidence":{"__proto__":{"id":"x.b","en":"b","data":{}},"a":{"id":"x.b","en":"b","data":{}}}}'));
    expect(said).toEqual({ evidence: { a: book.say('x.b') } });
    expect(Object.getPrototypeOf(said!.evidence)).toBe(Object.prototype);
  });

  it('stops at a loop in memory, at the depth bound and at too many parts', () => {
    const loop: { id: string; en: string; data: Record<string, unknown> } = { id: 'x.a', en: '{v}', data: {} };
    loop.data.v = loop;
    expect(parseMessage(loop)).toBeUndefined();
    let m: Message = book.say('x.b');
    for (let i = 0; i < 8; i++) m = book.say('x.c', { inner: m, n: i });
    expect(parseMessage(m)).toEqual(m);
    expect(parseMessage(book.say('x.c', { inner: m, n: 9 }))).toBeUndefined();
    const wide = listMessage(Array.from({ length: 300 }, () => book.say('x.b')));
    expect(parseMessage(wide)).toBeUndefined();
    expect(parseMessage(listMessage(Array.from({ length: 200 }, () => book.say('x.b'))))).toBeDefined();
  });

  it('refuses a template that fills in to more than its bound', () => {
    const v = 'x'.repeat(8000);
    expect(parseMessage({ id: 'x.a', en: '{v}'.repeat(10), data: { v } })).toBeUndefined();
    expect(parseMessage({ id: 'x.a', en: '{v}'.repeat(8), data: { v } })).toBeDefined();
    // Values the English leaves out count too: another language's template may say them.
    const unused = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`v${i}`, v]));
    expect(parseMessage({ id: 'x.a', en: 'none', data: unused })).toBeUndefined();
  });
});

describe('a finding keeps what it says by id', () => {
  it('as data: message, remediation and evidence values, their English in the fields as before', () => {
    const cause = book.say('x.a', { v: 'refused' });
    const f = findingOf(
      meta,
      { target, message: book.say('x.a', { v: 1 }), remediation: book.say('x.b'), evidence: { cause: 'a refused' }, said: { evidence: { cause } } },
      'swarm',
    );
    expect(f).toMatchObject({ message: 'a 1', remediation: 'b', evidence: { cause: 'a refused' } });
    expect(f.said).toEqual({ message: book.say('x.a', { v: 1 }), remediation: book.say('x.b'), evidence: { cause } });
    expect(Object.keys(f.evidence!)).toEqual(['cause']);
    expect(saidOf(f, 'cause')).toEqual(cause);
    expect(saidOf(f, 'other')).toBeUndefined();
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
    expect(readBackFinding(JSON.parse(JSON.stringify(f)) as Finding)).toEqual(f);
  });

  it('says nothing by id when the occurrence said nothing by id', () => {
    const f = findingOf(meta, { target, message: 'plain', evidence: { a: 1 } }, 'swarm');
    expect(f.said).toBeUndefined();
    expect(f.remediation).toBe('fix it');
    const c = defineCheck<number>(meta, (n) => [{ target, message: book.say('x.a', { v: n }) }]);
    expect(c.evaluate(2).map((o) => findingOf(c.meta, o, 'swarm').said?.message)).toEqual([book.say('x.a', { v: 2 })]);
  });

  it('read back, keeps each well-formed message and drops the others', () => {
    const good = book.say('x.b');
    expect(parseSaid({ message: good, remediation: { id: 3 }, evidence: { a: good, b: 'text', c: null } })).toEqual({ message: good, evidence: { a: good } });
    expect(parseSaid({ message: 'x' })).toBeUndefined();
    expect(parseSaid([good])).toBeUndefined();
    const f = findingOf(meta, { target, message: 'm' }, 'swarm');
    expect(readBackFinding({ ...f, said: { message: { id: 1 } } } as unknown as Finding)).toEqual(f);
    expect(readBackFindings([f, null, 'x', [f]])).toEqual([f]);
    expect(readBackFindings({ not: 'a list' })).toEqual([]);
  });
});

describe('notes as data', () => {
  it('write each note’s message beside its English and read them back with it', () => {
    const list: string[] = ['written before'];
    pushNote(list, book.say('x.a', { v: 2 }));
    pushNote(list, joinMessages([book.say('x.b'), rawMessage('raw')], '; '));
    const data = notesData(list);
    expect(data[0]).toBeNull();
    const back = notesFromData(JSON.parse(JSON.stringify(list)), JSON.parse(JSON.stringify(data)));
    expect(back).toEqual(list);
    expect(notesSaid(back)).toEqual(notesSaid(list));
  });

  it('read a list without messages, or with messages of another shape, as its English', () => {
    const list = ['a 1', 'b'];
    expect(notesSaid(notesFromData(list, undefined)).map((m) => m.id)).toEqual(['', '']);
    expect(notesSaid(notesFromData(list, [book.say('x.a', { v: 2 }), { id: 9 }])).map((m) => m.id)).toEqual(['', '']);
    expect(notesSaid(notesFromData(list, [book.say('x.a', { v: 1 }), null])).map((m) => m.id)).toEqual(['x.a', '']);
    expect(notesFromData({ not: 'a list' }, [])).toEqual([]);
    expect(notesFromData([1, 'b', null], [])).toEqual(['b']);
    expect(
      notesFromData(
        Array.from({ length: 5000 }, () => 'n'),
        'x',
      ),
    ).toHaveLength(1000);
  });
});

describe('opensWith', () => {
  const files = defineMessages({ 'y.at': '{file}: {error}', 'y.missing': 'no database at {file}', 'y.wrap': '{inner}' });

  it('sees the value a template opens with, however deep, and not one said later', () => {
    const at = files.say('y.at', { file: 'a.json', error: 'broken' });
    expect(opensWith(at, 'a.json')).toBe(true);
    expect(opensWith(files.say('y.wrap', { inner: at }), 'a.json')).toBe(true);
    expect(opensWith(files.say('y.missing', { file: 'a.json' }), 'a.json')).toBe(false);
    expect(opensWith(rawMessage('a.json: broken'), 'a.json')).toBe(true);
    expect(opensWith(rawMessage('broken: a.json'), 'a.json')).toBe(false);
    expect(opensWith(joinMessages([at], '; '), 'a.json')).toBe(true);
  });

  it('says so only of a message whose English starts with the value', () => {
    fc.assert(
      fc.property(messages, fc.string({ maxLength: 3 }), (m, v) => {
        if (opensWith(m, v)) expect(english(m).startsWith(v)).toBe(true);
      }),
    );
  });
});
