// The firewall and kernel readers' warnings are messages by id: the same English as the text they replaced, Japanese
// in the table, English strings in the JSON report, and plain data a bounded reader can take back.
import { describe, expect, it } from 'vitest';
import { english, notesOf, notesSaid, type Message } from '../../../src/core/message.js';
import { parseMessage } from '../../../src/core/message-data.js';
import { localizeNotes } from '../../../src/i18n/notes.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { firewallFromDumps } from '../../../src/network/collect-node.js';
import { nodeFactsJson, type NodeNetworkFacts } from '../../../src/network/node-facts.js';
import { RuleSyntaxError, tokenize } from '../../../src/network/parse/iptables-save.js';
import { JAPANESE } from '../i18n/ja-helpers.js';

const IPTABLES = [
  '*filter',
  ':INPUT DROP [0:0]',
  ':BAD',
  '-A INPUT -p esp -j ACCEPT',
  '-A INPUT -p tcp --dport notaport -j ACCEPT',
  '-A INPUT --comment "unterminated',
  'garbage here',
  '-A NOCHAIN -j ACCEPT',
  '-A INPUT -p',
  '-A INPUT stray -j ACCEPT',
  '-A',
  '-A ""',
  '*nat',
  'COMMIT',
  'COMMIT',
  '-A INPUT -j ACCEPT',
  '*mangle',
].join('\n');
const LEGACY = '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s\nCOMMIT\n';
const NFT = JSON.stringify({ nftables: [1, { chain: { family: 'inet', table: 't' } }, { rule: { family: 'inet', table: 't' } }] });

const broken = () => firewallFromDumps({ iptablesNft: IPTABLES, iptablesLegacy: LEGACY, nftJson: NFT });

describe('the readers’ warnings by id', () => {
  it('say the English they said as text, each with the command whose output it read', () => {
    const fw = broken();
    expect(fw.warnings.every((w) => w.id === 'network.parse.from')).toBe(true);
    expect(fw.warnings.map((w) => english(w))).toEqual([
      'iptables-save: line 3: bad chain line',
      'iptables-save: line 6: unterminated quote',
      'iptables-save: line 7: not understood: garbage here',
      'iptables-save: line 11: not understood: -A',
      'iptables-save: line 12: rule without a chain',
      'iptables-save: line 13: table filter has no COMMIT',
      'iptables-save: line 5: bad port list "notaport": -A INPUT -p tcp --dport notaport -j ACCEPT',
      'iptables-save: line 8: rule for undeclared chain NOCHAIN',
      'iptables-save: line 9: -p has no value: -A INPUT -p',
      'iptables-save: line 10: unexpected word "stray": -A INPUT stray -j ACCEPT',
      'iptables-save: line 15: COMMIT outside a table',
      'iptables-save: line 16: outside a table: -A INPUT -j ACCEPT',
      'iptables-save: table mangle has no COMMIT',
      'iptables-legacy-save: line 3: -s has no value: -A INPUT -s',
      'nft: item 0: not an object',
      'nft: item 1: chain without a name',
      'nft: item 2: rule without chain or expr',
    ]);
  });

  it('a rule the reader cannot follow throws its reason by id, and the warning keeps it as a value', () => {
    let thrown: unknown;
    try {
      tokenize('-A INPUT --comment "oops');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RuleSyntaxError);
    expect((thrown as RuleSyntaxError).text.id).toBe('network.parse.iptables.unterminatedQuote');
    expect((thrown as RuleSyntaxError).message).toBe('unterminated quote');
    const noValue = broken().warnings[8]!.data.warning as Message;
    expect(noValue.id).toBe('network.parse.iptables.ruleNotRead');
    expect((noValue.data.error as Message).id).toBe('network.parse.iptables.noValue');
  });

  it('render in Japanese, the values (line, rule, command) as they are', () => {
    const fw = broken();
    expect(localizeMessage(fw.warnings[8]!, 'ja')).toBe('iptables-save: 9 行目: -p に値がありません: -A INPUT -p');
    expect(localizeMessage(fw.warnings[12]!, 'ja')).toBe('iptables-save: テーブル mangle に COMMIT がありません');
    expect(localizeMessage(fw.warnings[14]!, 'ja')).toBe('nft: 項目 0: オブジェクトではありません');
    for (const w of fw.warnings) expect(localizeMessage(w, 'ja'), english(w)).toMatch(JAPANESE);
  });

  it('as the notes of a report: Japanese in the table, the English kept in the list', () => {
    const warnings = broken().warnings.slice(0, 5);
    const notes = notesOf(warnings);
    expect(notes).toEqual(warnings.map((w) => english(w)));
    expect(notesSaid(notes)).toEqual(warnings);
    const ja = localizeNotes(notes, 'ja');
    expect(ja[0]).toBe('iptables-save: 3 行目: チェーンの行として読めません');
    for (const n of ja) expect(n).toMatch(JAPANESE);
  });

  it('the JSON report writes the facts’ warnings and errors as English strings', () => {
    const firewall = firewallFromDumps({ iptablesNft: IPTABLES, nftJson: '{not json' });
    const facts: NodeNetworkFacts = {
      hostname: 'n1',
      peers: [],
      firewall,
      kernel: { release: '6.1.0', ipvs: true },
      xfrm: { errors: [{ id: 'network.read.xfrmStat', en: '/proc/net/xfrm_stat not readable (kernel without CONFIG_XFRM_STATISTICS?)', data: {} }] },
      encryptedNetworks: [],
    };
    const json = JSON.parse(JSON.stringify(nodeFactsJson(facts))) as {
      firewall: { warnings: unknown[]; errors: unknown[]; sources: string[] };
      xfrm: { errors: unknown[] };
    };
    expect(json.firewall.warnings).toEqual(firewall.warnings.map((w) => english(w)));
    expect(json.firewall.warnings[0]).toBe('iptables-save: line 3: bad chain line');
    expect(json.firewall.errors).toEqual([english(firewall.errors[0]!)]);
    expect(json.firewall.errors[0]).toMatch(/^nft -j list ruleset: not JSON: /);
    expect(json.xfrm.errors).toEqual(['/proc/net/xfrm_stat not readable (kernel without CONFIG_XFRM_STATISTICS?)']);
    expect(json.firewall.sources).toEqual(firewall.sources);
  });

  it('are plain data: read back from JSON by the bounded reader they say the same; a hostile one is refused', () => {
    for (const w of broken().warnings) {
      const back = parseMessage(JSON.parse(JSON.stringify(w)));
      expect(back, english(w)).toEqual(w);
      expect(localizeMessage(back!, 'ja')).toBe(localizeMessage(w, 'ja'));
    }
    // Nested deeper than the reader allows, a template that fills to megabytes, values of the wrong type.
    let deep: unknown = { id: 'network.parse.crypto.noName', en: 'a block without a name', data: {} };
    for (let i = 0; i < 20; i++) deep = { id: 'network.parse.from', en: '{source}: {warning}', data: { source: 'nft', warning: deep } };
    const big = 'x'.repeat(8000);
    const huge = { id: 'network.parse.from', en: '{source}'.repeat(1000), data: { source: big, warning: big } };
    for (const hostile of [deep, huge, { id: 'network.parse.from', en: 1, data: {} }, { id: '../x', en: '', data: {} }, null, 'text'])
      expect(parseMessage(hostile)).toBeUndefined();
  });
});
