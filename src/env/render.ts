// Renders an environment map for the place it is consumed. Each format is a pair of small
// functions: setting the variables, and (where the format can say it) unsetting them.

import { randomBytes } from 'node:crypto';
import { TszigError } from '../errors.js';
import { shQuote } from '../shims/sh-quote.js';
import type { EnvEntry } from './env-map.js';

interface Format {
  readonly set: (entries: readonly EnvEntry[]) => string;
  readonly unset?: (names: readonly string[]) => string;
}

const lines = (items: readonly string[]): string => items.map((l) => `${l}\n`).join('');

/** fish single quotes: only backslash and quote are special. */
function fishQuote(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** PowerShell single quotes: a quote is doubled, nothing else is special. */
function psQuote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * GNU make: `$` doubled; `#` escaped (with the backslashes before it doubled); a trailing
 * backslash followed by an empty reference, so it is not read as a line continuation. The value
 * runs to the end of the line.
 */
function makeValue(value: string): string {
  if (/[\r\n]/.test(value)) throw new TszigError('E_MAKE', `a make variable cannot hold a newline: ${JSON.stringify(value)}`, { hint: 'use --format sh or json' });
  const escaped = value.replaceAll('$', '$$$$').replace(/(\\*)#/g, (_, bs: string) => `${bs}${bs}\\#`);
  return escaped.endsWith('\\') ? `${escaped}$()` : escaped;
}

/**
 * dotenv, in the subset python-dotenv and docker compose read alike: single quotes (literal in
 * both) unless the value holds a quote, backslash, newline or `${`; then double quotes with
 * backslash escapes, which both decode, as long as there is no `$` for either to expand.
 */
function dotenvQuote(value: string): string {
  if (!/['\\\r\n]|\$\{/.test(value)) return `'${value}'`;
  if (!value.includes('$')) return `"${value.replace(/[\\"\n\r]/g, (c) => ({ '\n': '\\n', '\r': '\\r' })[c] ?? `\\${c}`)}"`;
  throw new TszigError('E_DOTENV', `this value cannot be written so that every dotenv reader reads it back: ${JSON.stringify(value)}`, {
    hint: 'use --format sh or json, or a TSZIG_CACHE_DIR without $ and quotes',
  });
}

const FORMATS = {
  /** POSIX sh: `eval "$(tszig env --target …)"`. */
  sh: {
    set: (entries) => lines(entries.map((e) => `export ${e.name}=${shQuote(e.value)}`)),
    unset: (names) => lines(names.map((n) => `unset ${n}`)),
  },
  /** fish: `tszig env --format fish --target … | source`. */
  fish: {
    set: (entries) => lines(entries.map((e) => `set -gx ${e.name} ${fishQuote(e.value)}`)),
    unset: (names) => lines(names.map((n) => `set -e ${n}`)),
  },
  /** PowerShell: `tszig env --format powershell --target … | Invoke-Expression`. */
  powershell: {
    set: (entries) => lines(entries.map((e) => `$env:${e.name} = ${psQuote(e.value)}`)),
    unset: (names) => lines(names.map((n) => `Remove-Item -ErrorAction SilentlyContinue Env:${n}`)),
  },
  /** GNU make: `include tszig.mk` (variables exported to recipes, cargo and build scripts). */
  make: {
    set: (entries) => lines(entries.flatMap((e) => [`${e.name} := ${makeValue(e.value)}`, `export ${e.name}`])),
    unset: (names) => lines(names.flatMap((n) => [`unexport ${n}`, `undefine ${n}`])),
  },
  /** One flat JSON object, variable name → value. */
  json: {
    set: (entries) => `${JSON.stringify(Object.fromEntries(entries.map((e) => [e.name, e.value])), null, 2)}\n`,
  },
  /** GitHub Actions: append to $GITHUB_ENV (values with newlines use its heredoc syntax). */
  github: {
    set: (entries) =>
      lines(
        entries.map((e) => {
          if (!/[\r\n]/.test(e.value)) return `${e.name}=${e.value}`;
          const end = `TSZIG_EOF_${randomBytes(8).toString('hex')}`;
          return `${e.name}<<${end}\n${e.value}\n${end}`;
        }),
      ),
  },
  /** A .env file (docker compose, python-dotenv, …). */
  dotenv: {
    set: (entries) => lines(entries.map((e) => `${e.name}=${dotenvQuote(e.value)}`)),
  },
} as const satisfies Record<string, Format>;

export type EnvFormat = keyof typeof FORMATS;

export const ENV_FORMATS = Object.keys(FORMATS) as EnvFormat[];

export function isEnvFormat(value: string): value is EnvFormat {
  return Object.hasOwn(FORMATS, value);
}

export function canUnset(format: EnvFormat): boolean {
  return 'unset' in FORMATS[format];
}

export function renderEnv(entries: readonly EnvEntry[], format: EnvFormat): string {
  return FORMATS[format].set(entries);
}

export function renderUnset(names: readonly string[], format: EnvFormat): string {
  const f: Format = FORMATS[format];
  if (!f.unset) throw new Error(`${format} cannot unset variables`);
  return f.unset(names);
}
