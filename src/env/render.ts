// Renders an environment map for the place it is consumed. Each format is one small function.

import { shQuote } from '../shims/sh-quote.js';
import type { EnvEntry } from './env-map.js';

const RENDERERS = {
  /** POSIX sh: `eval "$(tszig env --target …)"`. */
  sh: (entries: readonly EnvEntry[]): string => entries.map((e) => `export ${e.name}=${shQuote(e.value)}\n`).join(''),
  /** One flat JSON object, variable name → value. */
  json: (entries: readonly EnvEntry[]): string =>
    `${JSON.stringify(Object.fromEntries(entries.map((e) => [e.name, e.value])), null, 2)}\n`,
} as const satisfies Record<string, (entries: readonly EnvEntry[]) => string>;

export type EnvFormat = keyof typeof RENDERERS;

export const ENV_FORMATS = Object.keys(RENDERERS) as EnvFormat[];

export function isEnvFormat(value: string): value is EnvFormat {
  return Object.hasOwn(RENDERERS, value);
}

export function renderEnv(entries: readonly EnvEntry[], format: EnvFormat): string {
  return RENDERERS[format](entries);
}
