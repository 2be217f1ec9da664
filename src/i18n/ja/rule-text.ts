// The shape of a rule's Japanese texts, and the readers its message uses to say an occurrence from the evidence it
// needs. A message answers undefined when the evidence has a shape it does not know (a finding kept by another
// version): the finding is then shown as it was stored.
import type { Evidence, Finding } from '../../core/finding.js';
import { str } from './common.js';

/** The occurrence's message from its evidence (and, where the evidence is not enough, the finding's target and items). */
export type RuleMessage = (e: Evidence, f: Finding) => string | undefined;

export interface RuleTexts {
  title: string;
  remediation: string;
  /** An occurrence's own remediation, where it differs from the rule's. */
  remediationFor?(e: Evidence, f: Finding): string | undefined;
  /** The occurrence's message; undefined when the evidence has a shape this text does not know. Left out where the
   * check says its message by id. */
  message?: RuleMessage;
}

/** A message said from the evidence's text (or number) KEY; undefined when the evidence has none. */
export function withText(key: string, say: (value: string, e: Evidence, f: Finding) => string | undefined): RuleMessage {
  return (e, f) => {
    const value = str(e[key]);
    return value === undefined ? undefined : say(value, e, f);
  };
}
