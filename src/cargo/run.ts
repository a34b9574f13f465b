// Runs a planned command with inherited stdio; its exit code (or fatal signal) becomes ours.
//
// This is the one place on `cargo tszig`'s warm path that starts a process, so it uses
// node:child_process directly: importing execa costs about 90 ms on these machines, more than half
// of the no-op build budget (docs/benchmarks.md). execa runs tszig's probes and installs instead.
//
// Signals. In a terminal's foreground, cargo stays in our process group: the terminal sends Ctrl-C
// and Ctrl-\ to the whole group, cargo and its children included, and we must not send cargo a
// second one (a program that counts its SIGINTs would see two). Anywhere else (timeout(1), a
// supervisor, an IDE, CI, a background job) cargo gets a process group of its own, and every
// signal sent to us is passed to that whole group, so rustc, build scripts and test binaries end
// with cargo. A SIGKILL cannot be passed on by anyone: it ends us alone.

import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { TszigError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { inTerminalForeground } from '../platform/terminal.js';

export interface RunnablePlan {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

const HANDLED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

export interface SignalPolicy {
  /** Run cargo in a process group of its own. */
  readonly ownGroup: boolean;
  /** Signals passed on (to cargo's group when it has its own, else to cargo). */
  readonly forward: readonly NodeJS.Signals[];
}

/** How signals reach cargo, from where we run (see the top of this file). */
export function signalPolicy(foreground: boolean, platform: NodeJS.Platform = process.platform): SignalPolicy {
  // Windows has no process groups to create; Ctrl-C reaches every process on the console.
  if (platform === 'win32') return { ownGroup: false, forward: ['SIGTERM', 'SIGHUP'] };
  if (foreground) return { ownGroup: false, forward: ['SIGTERM', 'SIGHUP'] };
  return { ownGroup: true, forward: HANDLED };
}

/** The exit status a shell shows for a process killed by `signal`. */
export function signalStatus(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * Runs the plan and resolves with the child's exit code; with `onStdoutLine`, the child's stdout
 * goes to it line by line instead of to ours. If the child died of a signal, the same signal is
 * raised on this process afterwards, so callers (shells, CI) see what they would have seen
 * running cargo directly.
 */
export function runPlan(plan: RunnablePlan, logger: Logger, onStdoutLine?: (line: string) => void): Promise<number> {
  logger.debug(`running ${plan.command} ${plan.args.join(' ')}`);
  const policy = signalPolicy(inTerminalForeground());
  return new Promise((resolve, reject) => {
    const child = spawn(plan.command, plan.args, {
      stdio: ['inherit', onStdoutLine ? 'pipe' : 'inherit', 'inherit'],
      env: { ...process.env, ...plan.env },
      // A new session, and so a process group of its own led by cargo.
      detached: policy.ownGroup,
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
    // Every handled signal gets a handler, so none ends us before cargo has ended.
    const handlers = HANDLED.map((sig) => {
      const handler = (): void => {
        if (!policy.forward.includes(sig) || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
        try {
          process.kill(policy.ownGroup ? -child.pid : child.pid, sig);
        } catch {
          // already gone
        }
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
        resolve(signalStatus(signal)); // only reached if the signal does not end this process
        return;
      }
      resolve(code ?? 1);
    });
  });
}
