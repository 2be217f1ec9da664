// A frame of a multiplexed container log as the engine sends it (stdout 1, stderr 2): an 8-byte header with the
// stream and the body's length, then the body.
export function logFrame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}
