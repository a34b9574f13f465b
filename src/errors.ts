// Error types: every failure carries a stable code, what happened, and what to do about it.
// The codes and their meanings are listed in error-codes.ts.

import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export interface ErrorDetails {
  /** What the user can do about it, in one or two sentences. */
  hint?: string;
  cause?: unknown;
  /** Exit code the entry point uses; defaults to the code's own (see error-codes.ts). */
  exitCode?: number;
}

export class TszigError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = details.hint;
    this.exitCode = details.exitCode ?? ERROR_CODES[code].exit;
  }
}

/** Bad command-line usage: exit code 2, like cargo and most CLIs. */
export class UsageError extends TszigError {
  constructor(message: string, hint?: string) {
    super('E_USAGE', message, { hint });
  }
}

export class UnsupportedTargetError extends TszigError {
  constructor(message: string, hint?: string) {
    super('E_TARGET', message, { hint });
  }
}

export class GlibcVersionError extends TszigError {
  constructor(message: string, hint?: string) {
    super('E_GLIBC', message, { hint });
  }
}

export class MissingTargetStdError extends TszigError {
  constructor(message: string, hint: string) {
    super('E_TARGET_STD', message, { hint });
  }
}

export class ZigNotFoundError extends TszigError {
  constructor(message: string, hint: string, cause?: unknown) {
    super('E_ZIG_NOT_FOUND', message, { hint, cause });
  }
}

export class ZigVersionError extends TszigError {
  constructor(message: string, hint: string) {
    super('E_ZIG_VERSION', message, { hint });
  }
}

export class CacheDirError extends TszigError {
  constructor(message: string, hint: string, cause?: unknown) {
    super('E_CACHE_DIR', message, { hint, cause });
  }
}

export class ConfigError extends TszigError {
  constructor(message: string, hint: string, cause?: unknown) {
    super('E_CONFIG', message, { hint, cause });
  }
}

/** Several independent problems found during validation, reported together. */
export class ValidationError extends TszigError {
  readonly problems: readonly TszigError[];

  constructor(problems: readonly TszigError[]) {
    const indent = (text: string): string => text.replaceAll('\n', '\n    ');
    const lines = problems.map((p) => `  - ${indent(p.message)}${p.hint ? `\n    hint: ${indent(p.hint)}` : ''}`);
    super('E_VALIDATION', `${problems.length} problems:\n${lines.join('\n')}`, {
      exitCode: Math.max(...problems.map((p) => p.exitCode)),
    });
    this.problems = problems;
  }
}

/** Reports validation problems: one as itself, several together. */
export function throwIfProblems(problems: readonly TszigError[]): void {
  const [first, ...rest] = problems;
  if (first && rest.length === 0) throw first;
  if (first) throw new ValidationError(problems);
}
