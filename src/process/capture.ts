// Runs a short-lived helper process and captures its output (probes, not builds).

import { execFile } from 'node:child_process';

export interface Captured {
  readonly stdout: string;
  readonly stderr: string;
}

export class CaptureError extends Error {
  constructor(
    message: string,
    readonly stdout: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(message);
  }
}

/** Runs `command args`; resolves with its output on exit 0, rejects with a CaptureError otherwise. */
export function runCapture(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<Captured> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env: options.env, cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          const code = typeof error.code === 'number' ? error.code : null;
          const why = code === null ? (error.code ?? error.message) : `exit code ${code}`;
          reject(new CaptureError(`${command} ${args.join(' ')}: ${why}${stderr ? `\n${stderr.trim()}` : ''}`, stdout, stderr, code));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}
