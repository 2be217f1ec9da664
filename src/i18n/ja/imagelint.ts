// Japanese for the messages of src/imagelint/messages.ts, by id.
export const JA_IMAGELINT: Readonly<Record<string, string>> = {
  'imagelint.notOnEngine.hint': '先に pull かビルドをするか、--input で `docker save` の tar を指定してください',
  'imagelint.directory': '{input}: イメージではなくディレクトリです: image lint が読むのはイメージです',
  'imagelint.directory.hint': '`docker save` の tar または OCI レイアウトを指定してください',
};
