// Japanese for the messages of src/hardening/messages.ts, by id.
export const JA_HARDENING: Readonly<Record<string, string>> = {
  'hardening.probe.notLoopback': '{host} は調べません: API のプローブはループバックアドレスだけが対象です',
  'hardening.probe.badPort': 'TCP のポートではありません: {port}',
};
