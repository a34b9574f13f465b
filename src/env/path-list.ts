// Variables that hold a list (PATH, WINEPATH): tszig puts its own entries first, once each, keeps
// the user's after them, and can take exactly its own out again. Running `tszig env` in a shell
// that already evaluated it changes nothing.

import { delimiter } from 'node:path';
import type { Env } from '../platform/cache-dir.js';
import type { EnvEntry } from './env-map.js';

/** Entries tszig puts first in a list variable. */
export interface Prepend {
  readonly name: 'PATH' | 'WINEPATH';
  readonly entries: readonly string[];
}

/** PATH uses the host's separator; WINEPATH is a Windows-style list whatever the host. */
const SEPARATOR: Readonly<Record<Prepend['name'], string>> = { PATH: delimiter, WINEPATH: ';' };

function split(value: string | undefined, sep: string): string[] {
  return value === undefined || value === '' ? [] : value.split(sep);
}

/** Every prepend merged per variable (in first-seen order), as the values to set given `env`. */
export function prependedValues(prepends: readonly Prepend[], env: Env): EnvEntry[] {
  const byName = new Map<Prepend['name'], string[]>();
  for (const p of prepends) byName.set(p.name, [...new Set([...(byName.get(p.name) ?? []), ...p.entries])]);
  return [...byName].map(([name, ours]) => {
    const rest = split(env[name], SEPARATOR[name]).filter((e) => !ours.includes(e));
    return { name, value: [...ours, ...rest].join(SEPARATOR[name]) };
  });
}

/**
 * What undoes the prepends: each variable that holds any of tszig's entries, with them taken out
 * (`value: undefined` when nothing of the user's is left, i.e. unset it).
 */
export function withoutPrepended(prepends: readonly Prepend[], env: Env): { name: Prepend['name']; value: string | undefined }[] {
  const out: { name: Prepend['name']; value: string | undefined }[] = [];
  for (const name of [...new Set(prepends.map((p) => p.name))]) {
    const ours = new Set(prepends.filter((p) => p.name === name).flatMap((p) => p.entries));
    const current = split(env[name], SEPARATOR[name]);
    if (!current.some((e) => ours.has(e))) continue;
    const rest = current.filter((e) => !ours.has(e));
    out.push({ name, value: rest.length > 0 || name === 'PATH' ? rest.join(SEPARATOR[name]) : undefined });
  }
  return out;
}
