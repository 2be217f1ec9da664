// A check result or benchmark result with its messages said in English, for tests that read the wording.
import { english, type Message } from '../../../src/core/message.js';

interface WithMessages {
  details?: Message[];
  notApplicable?: Message;
}
type InEnglish<R extends WithMessages> = Omit<R, 'details' | 'notApplicable'> & { details?: string[]; notApplicable?: string };

export function inEnglish<R extends WithMessages>(r: R): InEnglish<R> {
  const { details, notApplicable, ...rest } = r;
  return {
    ...rest,
    ...(details !== undefined ? { details: details.map((d) => english(d)) } : {}),
    ...(notApplicable !== undefined ? { notApplicable: english(notApplicable) } : {}),
  };
}
