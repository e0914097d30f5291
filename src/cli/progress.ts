/**
 * @module cli/progress
 * Progress on stderr: a live bar (cli-progress) when stderr is a terminal, otherwise a plain line every tenth of
 * the way, so logs of CI runs stay short and stdout stays clean for machine-readable output.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, detail?: string): void;
  stop(): void;
}

export function startProgress(label: string, total: number, unit = 'items'): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted} | {detail}`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { detail: '' });
    return {
      update: (done, detail = '') => bar.update(done, { detail }),
      stop: () => bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update: (done, detail = '') => {
      const tenth = Math.floor((done * 10) / Math.max(1, total));
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      process.stderr.write(`${label}: ${done}/${total} ${unit}${detail ? ` (${detail})` : ''}\n`);
    },
    stop: () => undefined,
  };
}
