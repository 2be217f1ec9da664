// A node's benchmark log read by the manager of --all-nodes: what each check saw travels as messages by id beside
// the node's English words, and the manager says it in its reader's language; a log whose messages are not messages
// (another tool's, a hostile node's) keeps the node's own words.
import { describe, expect, it } from 'vitest';
import { readBenchLog } from '../../../src/bench/log.js';
import { dockerBenchJson, findingsFromLog, runBench } from '../../../src/bench/runner.js';
import { localizeFindings } from '../../../src/i18n/findings.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { careless } from '../i18n/bench-fixtures.js';

const nodeLog = () =>
  JSON.parse(JSON.stringify(dockerBenchJson(runBench(careless(), { cis: '1.8.0' }, 0), undefined, { said: true }))) as Record<string, unknown>;

describe('the details of a node log, by id', () => {
  it('are rendered in the reader language by the manager, and stay the node words in English', () => {
    const log = nodeLog();
    const english = findingsFromLog(log, 'n1');
    expect(english.length).toBeGreaterThan(0);
    setLocale('ja');
    try {
      // The finding keeps English (the model); the messages the node sent by id are said in Japanese when rendered.
      expect(findingsFromLog(log, 'n1').map((f) => f.message)).toEqual(english.map((f) => f.message));
      const japanese = localizeFindings(findingsFromLog(log, 'n1'), 'ja');
      expect(japanese.map((f) => f.id)).toEqual(english.map((f) => f.id));
      const changed = japanese.filter((f, i) => f.message !== english[i]!.message);
      expect(changed.length).toBeGreaterThan(0);
      for (const f of changed) expect(f.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      // What each check saw is said from the node's messages, in Japanese.
      const saw = english.flatMap((f, i) => (f.said?.message !== undefined ? [{ ja: japanese[i]!, said: localizeMessage(f.said.message, 'ja') }] : []));
      expect(saw.filter((s) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(s.said)).length).toBeGreaterThan(0);
      for (const s of saw) expect(s.ja.message.endsWith(`: ${s.said}`)).toBe(true);
    } finally {
      setLocale('en');
    }
    expect(localizeFindings(findingsFromLog(log, 'n1'), 'en').map((f) => f.message)).toEqual(english.map((f) => f.message));
  });

  it('keeps the node words when details-said is not a list of messages, however it is shaped', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = { id: 'core.list', en: '{a}', data: { a: deep } };
    const hostile = [[{ id: 1 }], [{ id: 'a', en: 'b', data: [] }], [deep], 'text', Array.from({ length: 65 }, () => ({ id: 'a', en: 'b', data: {} }))];
    for (const said of hostile) {
      const log = { cis: '1.8.0', tests: [{ results: [{ id: '2.1', result: 'WARN', details: 'as the node said', 'details-said': said }] }] };
      const [r] = readBenchLog(log).results;
      expect(r!.details).toBe('as the node said');
      expect(r!.said).toBeUndefined();
    }
  });
});
