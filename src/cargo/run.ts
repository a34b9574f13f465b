// Runs a planned command with inherited stdio; its exit code (or fatal signal) becomes ours.
//
// This is the one place on `cargo tszig`'s warm path that starts a process, so it uses
// node:child_process directly: importing execa costs about 90 ms on these machines, more than half
// of the no-op build budget (docs/benchmarks.md). execa runs tszig's probes and installs instead.

import { spawn } from 'node:child_process';
import { TszigError } from '../errors.js';
import type { Logger } from '../log/logger.js';

export interface RunnablePlan {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/**
 * Runs the plan and resolves with the child's exit code; with `onStdoutLine`, the child's stdout
 * goes to it line by line instead of to ours. If the child died of a signal, the same
 * signal is raised on this process afterwards, so callers (shells, CI) see what they would have
 * seen running cargo directly. A Ctrl-C reaches cargo through the terminal's process group; other
 * signals sent to this process alone are forwarded to it.
 */
export function runPlan(plan: RunnablePlan, logger: Logger, onStdoutLine?: (line: string) => void): Promise<number> {
  logger.debug(`running ${plan.command} ${plan.args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(plan.command, plan.args, {
      stdio: ['inherit', onStdoutLine ? 'pipe' : 'inherit', 'inherit'],
      env: { ...process.env, ...plan.env },
    });
    if (onStdoutLine && child.stdout) {
      let rest = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) onStdoutLine(line);
      });
      child.stdout.on('end', () => {
        if (rest) onStdoutLine(rest);
      });
    }
    const handlers = FORWARDED.map((sig) => {
      const handler = (): void => {
        if (sig !== 'SIGINT') child.kill(sig);
      };
      process.on(sig, handler);
      return [sig, handler] as const;
    });
    const detach = (): void => {
      for (const [sig, handler] of handlers) process.off(sig, handler);
    };
    child.on('error', (err: NodeJS.ErrnoException) => {
      detach();
      reject(
        new TszigError('E_SPAWN', `cannot run ${plan.command}: ${err.code ?? err.message}`, {
          hint: err.code === 'ENOENT' ? 'install Rust (https://rustup.rs) so that cargo is on PATH' : undefined,
          cause: err,
        }),
      );
    });
    // 'close' rather than 'exit': a piped stdout is fully read by then.
    child.on('close', (code, signal) => {
      detach();
      if (signal) {
        process.kill(process.pid, signal);
        resolve(128 + 2); // only reached if the signal does not end this process
        return;
      }
      resolve(code ?? 1);
    });
  });
}
