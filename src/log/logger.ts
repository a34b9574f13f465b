// A small levelled logger for people: everything goes to stderr, colour only on a TTY.

export type Level = 'error' | 'warn' | 'info' | 'debug';

const ORDER: Readonly<Record<Level, number>> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  readonly level: Level;
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export interface LoggerOptions {
  level?: Level;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  env?: Readonly<Record<string, string | undefined>>;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const level = options.level ?? 'info';
  const colour = Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
  const paint = (code: string, text: string): string => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const prefix: Readonly<Record<Level, string>> = {
    error: paint('1;31', 'error'),
    warn: paint('1;33', 'warning'),
    info: paint('1;36', 'tszig'),
    debug: paint('2', 'tszig[debug]'),
  };
  const write = (at: Level, message: string): void => {
    if (ORDER[at] <= ORDER[level]) stream.write(`${prefix[at]}: ${message}\n`);
  };
  return {
    level,
    error: (m) => write('error', m),
    warn: (m) => write('warn', m),
    info: (m) => write('info', m),
    debug: (m) => write('debug', m),
  };
}

/** A logger that drops everything (library callers that want silence). */
export const silentLogger: Logger = {
  level: 'error',
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};
