// SOURCE_DATE_EPOCH (reproducible-builds.org): the one timestamp a reproducible build may use.
// Unset, tszig uses 0 (1970-01-01); the README shows how to take the last commit's time instead.

import { UsageError } from '../errors.js';
import type { Env } from '../platform/cache-dir.js';

export const DEFAULT_EPOCH = 0;

export function sourceDateEpoch(env: Env): number {
  const value = env.SOURCE_DATE_EPOCH;
  if (value === undefined || value === '') return DEFAULT_EPOCH;
  if (!/^\d{1,12}$/.test(value)) {
    throw new UsageError(`SOURCE_DATE_EPOCH=${value} is not a number of seconds since 1970`, 'e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)');
  }
  return Number(value);
}
