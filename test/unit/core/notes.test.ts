// Notes said by id beside the English a list keeps: pushNote, notesSaid, joinNotes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineMessages, english, joinNotes, notesSaid, pushNote, rawMessage } from '../../../src/core/message.js';

const book = defineMessages({ 'x.a': 'a {v}', 'x.b': 'b' });

describe('notes said by id', () => {
  it('keeps the English in the list and the message beside it', () => {
    const list: string[] = ['written before'];
    pushNote(list, book.say('x.a', { v: 1 }));
    pushNote(list, book.say('x.b'));
    expect(list).toEqual(['written before', 'a 1', 'b']);
    expect(notesSaid(list).map((m) => m.id)).toEqual(['', 'x.a', 'x.b']);
  });

  it('joins lists with their messages, and says a note someone replaced as its text', () => {
    const a: string[] = [];
    pushNote(a, book.say('x.b'));
    const joined = joinNotes(a, ['plain']);
    expect(notesSaid(joined).map((m) => m.id)).toEqual(['x.b', '']);
    a[0] = 'changed';
    expect(notesSaid(a)).toEqual([rawMessage('changed')]);
  });

  it('the English of every note said is the text the list holds', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer())), (values) => {
        const list: string[] = [];
        for (const v of values) pushNote(list, book.say('x.a', { v }));
        expect(notesSaid(list).map((m) => english(m))).toEqual(list);
      }),
    );
  });
});
