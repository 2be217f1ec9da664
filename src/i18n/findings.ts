// Findings in the reader's language: ids, targets, evidence and references stay as they are (machine formats
// keep stable English ids); title, message and remediation come from the locale's texts where they exist.
import type { Finding } from '../core/finding.js';
import { cisRequirement } from './bench.js';
import { JA_BENCH_REMEDIATION } from './ja/bench-remediations.js';
import { JA_CIS } from './ja/cis.js';
import { JA_COMPOSE_RULES } from './ja/compose-rules.js';
import type { RuleTexts } from './ja/rule-text.js';
import { JA_HOST_RULES } from './ja/host-rules.js';
import { JA_IMAGE_RULES } from './ja/image-rules.js';
import { JA_NETWORK_RULES } from './ja/network-rules.js';
import { JA_SWARM_RULES } from './ja/swarm-rules.js';
import type { Locale } from './locale.js';
import { localizeMessage } from './user-errors.js';

const TEXTS: Readonly<Record<Exclude<Locale, 'en'>, Readonly<Record<string, Readonly<Record<string, RuleTexts>>>>>> = {
  ja: { compose: JA_COMPOSE_RULES, host: JA_HOST_RULES, image: JA_IMAGE_RULES, network: JA_NETWORK_RULES, swarm: JA_SWARM_RULES },
};

/** The texts of one rule or check in a locale, if that locale has them. */
export function ruleTexts(locale: Locale, category: string, id: string): RuleTexts | undefined {
  if (locale === 'en') return undefined;
  return TEXTS[locale][category]?.[id];
}

/** The explanation shown beside an official CIS title, its remediation and what a check saw, in a locale. */
const CIS_TEXTS: Readonly<Record<Exclude<Locale, 'en'>, { explanation: Readonly<Record<string, string>>; remediation: Readonly<Record<string, string>> }>> = {
  ja: { explanation: JA_CIS, remediation: JA_BENCH_REMEDIATION },
};

/**
 * A benchmark finding keeps the official English CIS title (what auditors search for) with the explanation beside
 * it; its message is the explanation followed by what the check saw, said from the message the finding kept by id
 * (a finding without one, kept by an older version, says its message as it was made).
 */
function localizeBenchFinding(f: Finding, locale: Exclude<Locale, 'en'>): Finding {
  const texts = CIS_TEXTS[locale];
  // Texts are kept by requirement: a 1.8.0 id may number another requirement in 1.6.0 (cis-docker.ts).
  const key = cisRequirement(f.id, f.references.find((r) => r.type === 'cis-docker')?.version);
  const explanation = texts.explanation[key];
  // What the check saw: from its message by id when the finding kept it (read back from JSON or the history too).
  const said = f.said?.message;
  if (explanation === undefined && said === undefined) return f;
  const details =
    said !== undefined
      ? localizeMessage(said, locale)
      : f.message === f.title
        ? ''
        : f.message.startsWith(`${f.title}: `)
          ? f.message.slice(f.title.length + 2)
          : f.message;
  if (explanation === undefined) return { ...f, message: details === '' ? f.title : `${f.title}: ${details}` };
  const remediation = texts.remediation[key];
  return {
    ...f,
    title: `${f.title}（${explanation}）`,
    message: details === '' ? explanation : `${explanation}: ${details}`,
    ...(f.remediation !== undefined && remediation !== undefined ? { remediation } : {}),
  };
}

/**
 * A finding in a locale: its message and remediation from the messages it kept by id (`said`), else from the rule's
 * texts over its evidence; the title from the rule's texts. What it did not say by id and no text covers stays English.
 */
export function localizeFinding(f: Finding, locale: Locale): Finding {
  if (locale === 'en') return f;
  if (f.category === 'bench') return localizeBenchFinding(f, locale);
  const texts = ruleTexts(locale, f.category, f.id);
  const said = f.said;
  if (texts === undefined && said?.message === undefined && said?.remediation === undefined) return f;
  const evidence = f.evidence ?? {};
  const message = said?.message !== undefined ? localizeMessage(said.message, locale) : (texts?.message?.(evidence, f) ?? f.message);
  const remediation =
    said?.remediation !== undefined
      ? localizeMessage(said.remediation, locale)
      : texts
        ? (texts.remediationFor?.(evidence, f) ?? texts.remediation)
        : f.remediation;
  return { ...f, ...(texts ? { title: texts.title } : {}), message, ...(f.remediation !== undefined && remediation !== undefined ? { remediation } : {}) };
}

export function localizeFindings(findings: readonly Finding[], locale: Locale): Finding[] {
  return locale === 'en' ? [...findings] : findings.map((f) => localizeFinding(f, locale));
}
