// Runs a short-lived helper process (a probe, an unpacker, pip) and captures its output, with execa.
// Loaded lazily: nothing on tszig's warm path starts a process.

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
export async function runCapture(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<Captured> {
  const { execa } = await import('execa');
  const r = await execa(command, args, {
    env: options.env,
    extendEnv: options.env === undefined,
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
    stripFinalNewline: false,
    reject: false,
    stdin: 'ignore',
  });
  if (r.failed) {
    const why = r.exitCode !== undefined ? `exit code ${r.exitCode}` : r.timedOut ? 'timed out' : (r.signal ?? r.shortMessage);
    const stderr = typeof r.stderr === 'string' ? r.stderr : '';
    throw new CaptureError(`${command} ${args.join(' ')}: ${why}${stderr ? `\n${stderr.trim()}` : ''}`, typeof r.stdout === 'string' ? r.stdout : '', stderr, r.exitCode ?? null);
  }
  return { stdout: String(r.stdout), stderr: String(r.stderr) };
}
