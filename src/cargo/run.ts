// Runs a planned command with inherited stdio; its exit code (or fatal signal) becomes ours.

import type { Logger } from '../log/logger.js';

export interface RunnablePlan {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/**
 * Runs the plan and resolves with the child's exit code. If the child died of a signal, the same
 * signal is raised on this process afterwards, so callers (shells, CI) see what they would have
 * seen running cargo directly. A Ctrl-C reaches cargo through the terminal's process group; other
 * signals sent to this process alone are forwarded to it.
 */
export async function runPlan(plan: RunnablePlan, logger: Logger): Promise<number> {
  const { execa } = await import('execa');
  logger.debug(`running ${plan.command} ${plan.args.join(' ')}`);
  const child = execa(plan.command, plan.args, {
    stdio: 'inherit',
    env: plan.env,
    extendEnv: true,
    reject: false,
    // cargo must see SIGINT itself and finish its own cleanup; never kill it from here on exit.
    cleanup: false,
  });
  const handlers = FORWARDED.map((sig) => {
    const handler = (): void => {
      if (sig !== 'SIGINT') child.kill(sig);
    };
    process.on(sig, handler);
    return [sig, handler] as const;
  });
  try {
    const result = await child;
    if (result.failed && result.exitCode === undefined && result.signal === undefined) {
      throw Object.assign(new Error(`cannot run ${plan.command}: ${result.shortMessage}`), { code: 'E_SPAWN' });
    }
    if (result.signal) {
      for (const [sig, handler] of handlers) process.off(sig, handler);
      process.kill(process.pid, result.signal);
      return 128 + 2; // only reached if the signal is ignored
    }
    return result.exitCode ?? 1;
  } finally {
    for (const [sig, handler] of handlers) process.off(sig, handler);
  }
}
