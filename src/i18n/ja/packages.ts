// Japanese for the messages of src/packages/messages.ts (an image's packages read in part, or past the deadline), by id.
export const JA_PACKAGES: Readonly<Record<string, string>> = {
  'packages.notScannedCompletely': '{ref} は完全にはスキャンされていません（読めなかった部分が {count} 個、最初: {first}）',
  'packages.deadline': 'スキャンしていません: {ref}: スキャンが期限の {seconds} 秒を過ぎました（SWARMGUARD_SCAN_DEADLINE_MS）',
};
