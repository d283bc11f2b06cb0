// A spinner on stderr while long work runs, only for people: never under --json, CI, or when
// stderr is not a terminal. It appears after a short delay so quick commands never flicker,
// and ora is loaded only when one is actually shown.

export interface SpinnerOptions {
  enabled: boolean;
  delayMs?: number;
}

export function spinnerAllowed(json: boolean, env: NodeJS.ProcessEnv = process.env, stream: NodeJS.WriteStream = process.stderr): boolean {
  return !json && stream.isTTY === true && !env.CI && env.TERM !== 'dumb';
}

export async function withSpinner<T>(text: string, work: Promise<T>, options: SpinnerOptions): Promise<T> {
  if (!options.enabled) return work;
  let stop: (() => void) | undefined;
  let settled = false;
  const timer = setTimeout(() => {
    void import('ora').then(({ default: ora }) => {
      if (settled) return;
      const spinner = ora({ text, stream: process.stderr }).start();
      stop = () => spinner.stop();
    });
  }, options.delayMs ?? 200);
  try {
    return await work;
  } finally {
    settled = true;
    clearTimeout(timer);
    stop?.();
  }
}

/** A spinner whose text the work keeps up to date (a counter), on the same terms as {@link withSpinner}. */
export async function withProgressSpinner<T>(text: string, work: (update: (text: string) => void) => Promise<T>, options: SpinnerOptions): Promise<T> {
  if (!options.enabled) return work(() => undefined);
  let current = text;
  let spinner: { text: string; stop(): void } | undefined;
  let settled = false;
  const timer = setTimeout(() => {
    void import('ora').then(({ default: ora }) => {
      if (!settled) spinner = ora({ text: current, stream: process.stderr }).start();
    });
  }, options.delayMs ?? 200);
  try {
    return await work((t) => {
      current = t;
      if (spinner) spinner.text = t;
    });
  } finally {
    settled = true;
    clearTimeout(timer);
    spinner?.stop();
  }
}
