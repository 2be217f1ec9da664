// Messages by id, as ESLint rules report({ messageId, data }): code that raises or reports something names a
// message id and its values; the English template sits beside that code (a `defineMessages` book), and a printer
// renders the message in the reader's language from a catalogue keyed by the same ids (src/i18n). Nothing
// downstream reads the wording back. A message is plain data ({ id, en, data }): a finding keeps its messages as a
// field (`said`), so they survive JSON, the history stores and a node's report read back on the manager; a list of
// notes keeps them with the list (pushNote) and writes them beside its English where it leaves the process.
/** A value put into a message: names, paths and numbers as they are, or another message (rendered in the same language). */
export type MessageValue = string | number | Message;

export interface Message {
  /** Stable id ("stack.deploy.blocked"); the key of every locale's catalogue. */
  readonly id: string;
  /** The English template, the source every other language overrides. */
  readonly en: string;
  readonly data: Readonly<Record<string, MessageValue>>;
}

/** The `{name}` placeholders of a template, as a union of string literals. */
export type PlaceholderNames<S extends string> = S extends `${string}{${infer N}}${infer R}` ? N | PlaceholderNames<R> : never;

/** The data a template needs: one value per placeholder (nothing for a template without any). */
export type DataArgs<S extends string> = [PlaceholderNames<S>] extends [never] ? [] : [data: { readonly [K in PlaceholderNames<S>]: MessageValue }];

/** The English templates of one area, and the way to say one of them. */
export interface MessageBook<T extends Readonly<Record<string, string>>> {
  readonly en: T;
  /** A function of its own (no `this`): `const say = book.say` says the same. */
  readonly say: <K extends Extract<keyof T, string>>(id: K, ...data: DataArgs<T[K]>) => Message;
}

/** An area's English templates, keyed by id: `book.say('stack.deploy.blocked', { stack })` makes the message. */
export function defineMessages<const T extends Readonly<Record<string, string>>>(en: T): MessageBook<T> {
  return {
    en,
    say: (id, ...data) => ({ id, en: en[id] as string, data: data[0] ?? {} }),
  };
}

/** A text that has no id (the engine's or a registry's own words, a value): said as it is in every language. */
export function rawMessage(text: string): Message {
  return { id: '', en: text, data: {} };
}

export function isMessage(v: unknown): v is Message {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Message).id === 'string' &&
    typeof (v as Message).en === 'string' &&
    typeof (v as Message).data === 'object'
  );
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The placeholder names a template uses, sorted. */
export function templateNames(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))].sort();
}

/** Fills a template's `{name}` placeholders; `value` says how a value is written (a message in the same language). */
export function fillTemplate(template: string, data: Message['data'], value: (v: MessageValue) => string): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => {
    const v = Object.hasOwn(data, key) ? data[key] : undefined;
    return v === undefined ? whole : value(v);
  });
}

/** The message in English (values that are messages too), to a bounded depth. */
export function english(m: Message, depth = 0): string {
  return fillTemplate(m.en, m.data, (v) => (typeof v === 'object' ? (depth < 8 ? english(v, depth + 1) : v.en) : String(v)));
}

/**
 * Whether a message opens with `value` (a file's name, say) in every language it is said in: its template starts with
 * a placeholder that holds the value (or a message that opens with it); a text without an id, with the value itself.
 */
export function opensWith(m: Message, value: string, depth = 0): boolean {
  if (m.id === '') return m.en.startsWith(value);
  const first = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(m.en)?.[1];
  const v = first !== undefined && Object.hasOwn(m.data, first) ? m.data[first] : undefined;
  if (typeof v === 'string') return v.startsWith(value);
  return typeof v === 'object' && depth < 8 && opensWith(v, value, depth + 1);
}

/**
 * Messages said one after another with a separator ("; ", ", "): each part is rendered in the reader's language and
 * the separator stays as given. Its id names no catalogue entry: every language uses the joined template.
 */
export function joinMessages(parts: readonly Message[], separator: string): Message {
  const data: Record<string, Message> = {};
  parts.forEach((p, i) => (data[`p${i}`] = p));
  return { id: 'core.join', en: parts.map((_, i) => `{p${i}}`).join(separator.replace(/[{}]/g, '')), data };
}

/**
 * A list of messages ("SYS_ADMIN (…); NET_RAW (…)"): English joins the parts with `separator`, and each language with
 * its own list separator (the printer knows it by the id `core.list`).
 */
export function listMessage(parts: readonly MessageValue[], separator = ', '): Message {
  const data: Record<string, MessageValue> = {};
  parts.forEach((p, i) => (data[`p${i}`] = p));
  return { id: 'core.list', en: parts.map((_, i) => `{p${i}}`).join(separator.replace(/[{}]/g, '')), data };
}

/**
 * What a finding (or one occurrence of a check) says by id, kept with it as plain data: its message, its
 * remediation, and evidence values that were said from a message (a probe's cause), keyed as in the evidence.
 */
export interface SaidMessages {
  message?: Message;
  remediation?: Message;
  evidence?: Readonly<Record<string, Message>>;
}

/** The message an evidence value was said from, as a finding keeps it (`said.evidence`), if any. */
export function saidOf(finding: { readonly said?: SaidMessages } | undefined, key: string): Message | undefined {
  const evidence = finding?.said?.evidence;
  return evidence !== undefined && Object.hasOwn(evidence, key) ? evidence[key] : undefined;
}

const NOTES = new WeakMap<readonly string[], Message[]>();

/**
 * Adds a note said by id to a list of notes: the list holds its English (what the JSON fields keep), and the message
 * is kept with the list so a printer can say it in its reader's language (notesSaid). Where the list leaves this
 * process (the history, a node's JSON), notesData writes both and notesFromData reads them back.
 */
export function pushNote(list: string[], m: Message): void {
  let said = NOTES.get(list);
  if (said === undefined) NOTES.set(list, (said = []));
  said[list.length] = m;
  list.push(english(m));
}

/** A list's notes as messages: those added with pushNote as they were said, any other as its text (rawMessage). */
export function notesSaid(list: readonly string[]): Message[] {
  const said = NOTES.get(list);
  return list.map((n, i) => {
    const m = said?.[i];
    return m !== undefined && english(m) === n ? m : rawMessage(n);
  });
}

/** A list of notes made of messages, each kept with the list as pushNote keeps it. */
export function notesOf(messages: readonly Message[]): string[] {
  const out: string[] = [];
  for (const m of messages) pushNote(out, m);
  return out;
}

/** Lists of notes one after another, each note's message kept. */
export function joinNotes(...lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const l of lists) for (const m of notesSaid(l)) pushNote(out, m);
  return out;
}

/**
 * The messages of a list of notes as plain data, aligned with the list (null where a note was not said by id): what
 * goes beside the English where the list leaves this process (a history column, a `notes-said` JSON key).
 */
export function notesData(list: readonly string[]): (Message | null)[] {
  return notesSaid(list).map((m) => (m.id === '' ? null : m));
}
