import { SingleBar } from 'cli-progress';

export interface Progress {
  tick(amount: number): void;
  done(): void;
}

/** A progress bar on a terminal; on a pipe (CI, logs) a line every 25%. */
export function progress(label: string, total: number, quiet = false): Progress {
  if (quiet) return { tick: () => {}, done: () => {} };
  if (process.stdout.isTTY) {
    const bar = new SingleBar({
      format: `  ${label.padEnd(22)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
    });
    bar.start(total, 0);
    return { tick: (amount) => bar.increment(amount), done: () => bar.stop() };
  }
  let value = 0;
  let reported = 0;
  return {
    tick: (amount) => {
      value += amount;
      const quarter = Math.floor((value / total) * 4);
      if (quarter > reported) {
        reported = quarter;
        console.log(`  ${label}: ${value}/${total} (${quarter * 25}%)`);
      }
    },
    done: () => {},
  };
}
