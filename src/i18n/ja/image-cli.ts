// Japanese for the errors of `image scan`, `image diff` and `image lint` (src/cli/image-messages.ts), by id.
export const JA_IMAGE_CLI: Readonly<Record<string, string>> = {
  'scan.flags.epssMin': '--epss-min: "{value}" は確率ではありません',
  'scan.flags.epssMin.hint': '0 から 1 の数（0.1）か百分率（10%）を指定してください',
  'scan.flags.inputOne': '--input で読めるイメージは 1 つです。複数のイメージはエンジンからスキャンしてください',
  'scan.flags.concurrency': '--concurrency: "{value}" は正の整数ではありません',
  'scan.flags.maxSize': '--max-size: "{value}" は正の数ではありません',
  'scan.args.lintNone': 'lint するイメージの名前を指定してください',
  'scan.args.lintNone.hint': 'または --input FILE を指定してください',
  'scan.args.scanNone': 'スキャンするイメージを指定してください',
  'scan.args.scanNone.hint': 'または --input FILE、--stack NAME、--services のいずれかを使ってください',
  'scan.diff.inputs': '--input が 3 回以上指定されています: image diff が比べるのは 2 つのイメージです',
  'scan.diff.nameArchive': '比べるアーカイブ内の 2 つのイメージの名前を指定してください',
  'scan.diff.nameTwo': '比べる 2 つのイメージの名前を指定してください',
  'scan.diff.name.hint': 'または --input を 2 回指定してください: swarmguard image diff --input old.tar --input new.tar',
};
