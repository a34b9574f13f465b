// What a Zig download is verified against, and which install slot that verification earns. An
// install is keyed by what verified it, so a lookup only finds installs the request itself would
// have accepted:
//
//   <cache>/zig/<version>/<host>/                 the official release: tszig's manifest (size, SHA-256)
//                                                 and/or the ZSF signature
//   <cache>/zig/<version>/<host>-pypi/            PyPI's ziglang wheel (integrity from pip), for requests
//                                                 that allow the PyPI fallback
//   <cache>/zig/<version>/<host>-custom-<id>/     a project's own build ([zig.hosts.<host>]): <id> is
//                                                 the first 16 hex digits of its SHA-256 (or of its key
//                                                 and file name when only a key checks it)

import { createHash } from 'node:crypto';
import type { Env } from '../platform/cache-dir.js';
import { archiveName } from './archive-name.js';
import { manifestEntry } from './manifest.js';
import { parsePublicKey, ZSF_PUBLIC_KEY, type PublicKey } from './minisign.js';

/** A user's own entry for a version and host (tszig.toml `[zig.hosts.<host>]`). */
export interface CustomEntry {
  readonly file?: string;
  readonly url?: string;
  readonly sha256?: string;
  readonly size?: number;
  readonly minisignKey?: string;
  /** Where it was defined, for messages. */
  readonly from: string;
}

/** What the download must match. */
export interface Expected {
  readonly file: string;
  readonly sha256: string | undefined;
  readonly size: number | undefined;
  readonly key: PublicKey | undefined;
  readonly keyName: string;
}

/** How an install was verified, as its record says. */
export type Trust =
  | { readonly kind: 'official' }
  | { readonly kind: 'pypi' }
  | { readonly kind: 'custom'; readonly sha256?: string; readonly keyId?: string; readonly file: string };

export interface TrustRequest {
  readonly version: string;
  readonly host: string;
  readonly custom?: CustomEntry | undefined;
  /** tszig.toml's zig.pypi; TSZIG_ZIG_PYPI (0 or 1) wins. */
  readonly pypi?: boolean | undefined;
  readonly env: Env;
}

/** What a download for the request is checked against. */
export function verificationPlan(req: Pick<TrustRequest, 'version' | 'host' | 'custom'>): Expected {
  const official = manifestEntry(req.version, req.host);
  const custom = req.custom;
  const own = custom?.sha256 !== undefined;
  const file = custom?.file ?? official?.file ?? archiveName(req.version, req.host);
  // The user's own build brings its own checksum (and key, if signed); a user's URL for an
  // official file is held to tszig's manifest and the ZSF signature.
  const sameFile = official?.file === file;
  return {
    file,
    sha256: custom?.sha256 ?? (sameFile ? official?.sha256 : undefined),
    size: own ? custom?.size : (custom?.size ?? (sameFile ? official?.size : undefined)),
    key: custom?.minisignKey ? parsePublicKey(custom.minisignKey) : own ? undefined : parsePublicKey(ZSF_PUBLIC_KEY),
    keyName: custom?.minisignKey ? `the key in ${custom.from}` : 'the ZSF key',
  };
}

/** The trust a download verified by `plan` earns: official bytes are official whoever asked for them. */
export function planTrust(version: string, host: string, plan: Expected): Trust {
  const official = manifestEntry(version, host);
  if (official) {
    if (plan.file === official.file && plan.sha256 === official.sha256) return { kind: 'official' };
  } else if (plan.file === archiveName(version, host) && plan.sha256 === undefined && plan.key?.keyId.equals(parsePublicKey(ZSF_PUBLIC_KEY).keyId)) {
    return { kind: 'official' };
  }
  return {
    kind: 'custom',
    file: plan.file,
    ...(plan.sha256 === undefined ? {} : { sha256: plan.sha256 }),
    ...(plan.key === undefined ? {} : { keyId: plan.key.keyId.toString('hex') }),
  };
}

/** The install slot (a directory name under <cache>/zig/<version>/) for a trust. */
export function slotName(host: string, trust: Trust): string {
  if (trust.kind === 'official') return host;
  if (trust.kind === 'pypi') return `${host}-pypi`;
  const basis = trust.sha256 ?? createHash('sha256').update(`${trust.keyId ?? ''}\n${trust.file}`).digest('hex');
  return `${host}-custom-${basis.slice(0, 16)}`;
}

/** Whether the PyPI fallback is allowed: TSZIG_ZIG_PYPI (0 or 1) > zig.pypi; never for a custom build. */
export function pypiAllowed(req: Pick<TrustRequest, 'custom' | 'pypi' | 'env'>): boolean {
  if (req.custom) return false;
  if (req.env.TSZIG_ZIG_PYPI === '0') return false;
  if (req.env.TSZIG_ZIG_PYPI === '1') return true;
  return req.pypi !== false;
}

/** Whether an install verified as `got` satisfies a request that wants `want`. */
export function trustAccepts(want: Trust, got: Trust, pypi: boolean): boolean {
  if (want.kind === 'official') return got.kind === 'official' || (got.kind === 'pypi' && pypi);
  if (want.kind === 'pypi') return got.kind === 'pypi' && pypi;
  if (got.kind !== 'custom') return false;
  // The same SHA-256 is the same bytes, whatever else checked them; without one, the same key and file.
  if (want.sha256 !== undefined) return got.sha256 === want.sha256;
  return got.sha256 === undefined && got.keyId === want.keyId && got.file === want.file;
}

/** The slots a request accepts, in the order a lookup tries them. */
export function acceptedSlots(req: TrustRequest): { slot: string; trust: Trust }[] {
  const want = planTrust(req.version, req.host, verificationPlan(req));
  const slots = [{ slot: slotName(req.host, want), trust: want }];
  if (want.kind === 'official' && pypiAllowed(req)) slots.push({ slot: slotName(req.host, { kind: 'pypi' }), trust: { kind: 'pypi' } });
  return slots;
}

/** Records written before slots existed name no trust: infer it from how they say they were verified. */
export function recordTrust(record: { trust?: Trust; version: string; host: string; file: string; sha256?: string | undefined; verifiedBy: string }): Trust {
  if (record.trust) return record.trust;
  if (record.verifiedBy === 'PyPI (pip)') return { kind: 'pypi' };
  const official = manifestEntry(record.version, record.host);
  const isOfficial = official
    ? record.sha256 === official.sha256 && record.file === official.file
    : record.file === archiveName(record.version, record.host) && /\(the ZSF key\)$/.test(record.verifiedBy);
  if (isOfficial) return { kind: 'official' };
  return { kind: 'custom', file: record.file, ...(record.sha256 === undefined ? {} : { sha256: record.sha256 }) };
}
