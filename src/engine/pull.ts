// Pulling an image through the engine, as serve does for a pushed digest: the progress stream is followed to its
// end, an error in it fails the pull, and a stopped scan (its deadline) ends the transfer.
import type Docker from 'dockerode';
import { EngineError, messageOf } from '../core/errors.js';
import { rawMessage } from '../core/message.js';
import { engineMessages as M } from './messages.js';

export async function pullImage(docker: Docker, ref: string, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const stream: NodeJS.ReadableStream & { destroy?: () => void } = await docker.pull(ref);
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      stream.destroy?.();
      reject(signal?.reason instanceof Error ? signal.reason : new Error(String(signal?.reason)));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    docker.modem.followProgress(stream, (err: Error | null, output: { error?: string }[]) => {
      signal?.removeEventListener('abort', onAbort);
      const failed = output?.find((o) => o.error);
      if (err || failed) reject(new EngineError(M.say('engine.pull.failed', { ref, error: err ? messageOf(err) : rawMessage(String(failed?.error)) })));
      else resolve();
    });
  });
}
