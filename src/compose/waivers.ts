// In-file waivers of compose lint: a stack file names, under its top-level `x-swarmguard` extension, the findings it
// accepts on purpose, each with the rule, the service and the reason:
//
//   x-swarmguard:
//     waivers:
//       - rule: docker-socket-mount
//         service: watch
//         reason: watch reads services and rolls them back through the engine API; it runs on managers only
//
// A waived finding is still reported, marked waived with its reason (text, JSON; SARIF marks it suppressed); it no
// longer counts towards --fail-on or the summary. A waiver that names an unknown rule or service, or gives no
// reason, is refused; one that matches nothing is named in a note, so waivers do not outlive what they excuse.
import type { Finding } from '../core/finding.js';
import { InputError, type UserErrorOptions } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { composeMessages as m } from './messages.js';
import type { ComposePath, LoadedCompose } from './model.js';

export interface Waiver {
  rule: string;
  service: string;
  reason: string;
  /** file:line of the waiver, for the reports. */
  where: string;
}

/** The shortest reason accepted: a word or two is not a reason. */
export const MIN_REASON_CHARS = 12;
export const MAX_WAIVERS = 1000;
const MAX_REASON_CHARS = 2000;

/** The waivers of the loaded files, checked against the rules (`ruleIds`) and the stack's services. */
export function readWaivers(loaded: LoadedCompose, ruleIds: readonly string[]): Waiver[] {
  const ext = loaded.extensions['x-swarmguard'];
  if (ext === undefined || ext === null) return [];
  const fail = (p: ComposePath, message: Message, options: UserErrorOptions = {}): never => {
    const pos = loaded.positionOf(p);
    throw new InputError(pos?.file ?? loaded.files[0] ?? '', message, { ...options, ...(pos ? { line: pos.line } : {}) });
  };
  if (typeof ext !== 'object' || Array.isArray(ext)) return fail(['x-swarmguard'], m.say('compose.waiver.notList'));
  for (const key of Object.keys(ext)) if (key !== 'waivers') fail(['x-swarmguard', key], m.say('compose.waiver.unknownKey', { key }));
  const list = (ext as { waivers?: unknown }).waivers;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return fail(['x-swarmguard', 'waivers'], m.say('compose.waiver.notList'));
  if (list.length > MAX_WAIVERS) fail(['x-swarmguard', 'waivers'], m.say('compose.waiver.tooMany', { max: MAX_WAIVERS }));
  const services = Object.keys(loaded.model.services).sort();
  return list.map((raw: unknown, index): Waiver => {
    const at: ComposePath = ['x-swarmguard', 'waivers', index];
    const problem = (what: Message, options: UserErrorOptions = {}): never => fail(at, m.say('compose.waiver.form', { index, problem: what }), options);
    const keys = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? Object.keys(raw).sort() : [];
    const w = raw as Record<string, unknown>;
    if (keys.join() !== 'reason,rule,service' || typeof w.rule !== 'string' || typeof w.service !== 'string' || typeof w.reason !== 'string') {
      // Without a reason, the reason is what is missing; anything else is the wrong form.
      if (keys.length > 0 && !keys.includes('reason') && keys.every((k) => k === 'rule' || k === 'service'))
        problem(m.say('compose.waiver.noReason', { min: MIN_REASON_CHARS }));
      return problem(m.say('compose.waiver.fields'));
    }
    const reason = w.reason.trim().replace(/\s+/g, ' ');
    if (reason.length < MIN_REASON_CHARS) problem(m.say('compose.waiver.noReason', { min: MIN_REASON_CHARS }));
    if (!ruleIds.includes(w.rule)) problem(m.say('compose.waiver.unknownRule', { rule: w.rule }), { hint: m.say('compose.waiver.unknownRule.hint') });
    if (!services.includes(w.service))
      problem(m.say('compose.waiver.unknownService', { service: w.service }), {
        hint: m.say('compose.waiver.unknownService.hint', { services: services.join(', ') || '-' }),
      });
    const pos = loaded.positionOf(at);
    return {
      rule: w.rule,
      service: w.service,
      reason: reason.slice(0, MAX_REASON_CHARS),
      where: `${pos?.file ?? loaded.files[0] ?? ''}${pos ? `:${pos.line}` : ''}`,
    };
  });
}

/** True when the finding is about `service` of the stack (its pointer is under services.NAME). */
function aboutService(f: Finding, service: string): boolean {
  if (f.target.kind !== 'file' || f.target.pointer === undefined) return false;
  return f.target.pointer === `services.${service}` || f.target.pointer.startsWith(`services.${service}.`);
}

/** Marks the findings the waivers accept (rule and service both match); returns the waivers that matched nothing. */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[]): { findings: Finding[]; unused: Waiver[] } {
  const used = new Set<Waiver>();
  const out = findings.map((f) => {
    const w = waivers.find((x) => x.rule === f.id && aboutService(f, x.service));
    if (!w) return f;
    used.add(w);
    return { ...f, waived: { reason: w.reason, where: w.where } };
  });
  return { findings: out, unused: waivers.filter((w) => !used.has(w)) };
}

/** The note for a waiver that matched no finding. */
export function unusedWaiverNote(w: Waiver): Message {
  return m.say('compose.waiver.unused', { rule: w.rule, service: w.service, where: w.where });
}
