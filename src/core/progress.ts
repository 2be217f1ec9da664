// A progress bar for long work, drawn on stderr only when it is a terminal. Labels (image names, paths) are sanitised.
import { visible, visibleStyled } from './sanitize.js';

export interface Progress {
  tick(n?: number, label?: string): void;
  total(n: number): void;
  done(message?: string): void;
}

export function createProgress(title: string, total = 0, stream: NodeJS.WriteStream = process.stderr): Progress {
  const interactive = stream.isTTY === true && process.env.CI === undefined;
  let count = 0;
  let max = total;
  let last = 0;
  let lastLabel = '';
  const draw = (force = false): void => {
    if (!interactive) return;
    const now = Date.now();
    if (!force && now - last < 80) return;
    last = now;
    const width = 28;
    const ratio = max > 0 ? Math.min(1, count / max) : 0;
    const filled = Math.round(ratio * width);
    const bar = max > 0 ? `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${count}/${max}` : `${count}`;
    const line = visible(`${title} ${bar} ${lastLabel}`).slice(0, (stream.columns ?? 100) - 1);
    stream.write(`\r\u001b[2K${line}`);
  };
  return {
    tick(n = 1, label) {
      count += n;
      if (label !== undefined) lastLabel = label;
      draw();
    },
    total(n) {
      max = n;
      draw(true);
    },
    done(message) {
      if (interactive) stream.write('\r\u001b[2K');
      if (message !== undefined && interactive) stream.write(`${visibleStyled(message)}\n`);
    },
  };
}
