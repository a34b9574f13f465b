// Renders an environment map for the place it is consumed. Each format is a pair of small
// functions: setting the variables, and (where the format can say it) unsetting them.

import { randomBytes } from 'node:crypto';
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

/** GNU make: `$` doubled, `#` escaped; the value runs to the end of the line. */
function makeValue(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`a make variable cannot hold a newline: ${JSON.stringify(value)}`);
  return value.replaceAll('$', '$$$$').replaceAll('#', '\\#');
}

/** dotenv: single quotes are literal; a value with a quote is double-quoted with escapes. */
function dotenvQuote(value: string): string {
  if (!value.includes("'") && !/[\r\n]/.test(value)) return `'${value}'`;
  return `"${value.replace(/[\\"$\n\r]/g, (c) => ({ '\n': '\\n', '\r': '\\r' })[c] ?? `\\${c}`)}"`;
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
