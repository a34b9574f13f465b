// Entry-point policy: only here are exit codes decided and errors turned into text for people.

import { readFileSync } from 'node:fs';
import { TszigError } from '../errors.js';
import { createLogger, type Level, type Logger } from '../log/logger.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Log level from --verbose and TSZIG_LOG (error|warn|info|debug). */
export function logLevel(verbose: boolean, env: Readonly<Record<string, string | undefined>>): Level {
  if (verbose) return 'debug';
  const fromEnv = env.TSZIG_LOG;
  return fromEnv === 'error' || fromEnv === 'warn' || fromEnv === 'info' || fromEnv === 'debug' ? fromEnv : 'info';
}

/** Prints an error (message, hint, and the stack only when verbose) and returns the exit code. */
export function reportError(err: unknown, logger: Logger): number {
  const verbose = logger.level === 'debug';
  if (err instanceof TszigError) {
    logger.error(err.message);
    if (err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
    if (verbose) {
      process.stderr.write(`${err.stack ?? ''}\n`);
      if (err.cause instanceof Error) process.stderr.write(`caused by: ${err.cause.stack ?? err.cause.message}\n`);
    }
    return err.exitCode;
  }
  logger.error(`unexpected failure: ${(err as Error)?.message ?? String(err)}`);
  process.stderr.write(verbose ? `${(err as Error)?.stack ?? ''}\n` : '  hint: run again with --verbose (or TSZIG_LOG=debug) for details\n');
  return 1;
}

/** Runs a command body; its resolved number is the exit code. */
export async function runEntry(body: (logger: Logger) => Promise<number>, level: Level): Promise<void> {
  const logger = createLogger({ level });
  try {
    process.exitCode = await body(logger);
  } catch (err) {
    process.exitCode = reportError(err, logger);
  }
}
