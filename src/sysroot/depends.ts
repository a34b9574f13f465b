// Debian relationship fields (Depends, Pre-Depends, Provides): `a (>= 1.2) | b:any, c [arch]`.

import type { Relation } from './debian-version.js';

export interface Alternative {
  readonly name: string;
  /** `any`, `native` or an architecture, from `name:qualifier`. */
  readonly qualifier?: string;
  readonly op?: Relation;
  readonly version?: string;
}

/** One entry of a Depends list: the first alternative that can be had satisfies it. */
export type DependencyGroup = readonly Alternative[];

const ALT_RE = /^([a-z0-9][a-z0-9+.-]*)(?::([a-z0-9-]+))?\s*(?:\(\s*(<<|<=|=|>=|>>|<|>)\s*([^)\s]+)\s*\))?/;

/** The old single-character spellings `<` and `>` mean `<=` and `>=` (Debian policy 7.1). */
function relation(op: string): Relation {
  return op === '<' ? '<=' : op === '>' ? '>=' : (op as Relation);
}

function parseAlternative(text: string): Alternative | undefined {
  // Build profiles (`<!nocheck>`) and architecture restrictions (`[amd64]`) occur in source
  // packages only; drop them if present.
  const clean = text.replace(/<[^>]*>/g, ' ').replace(/\[[^\]]*\]/g, ' ').trim();
  const m = ALT_RE.exec(clean);
  if (!m) return undefined;
  const [, name, qualifier, op, version] = m;
  return {
    name: name as string,
    ...(qualifier ? { qualifier } : {}),
    ...(op && version ? { op: relation(op), version } : {}),
  };
}

export function parseDepends(field: string | undefined): DependencyGroup[] {
  if (!field) return [];
  const groups: DependencyGroup[] = [];
  for (const part of field.split(',')) {
    const alts = part
      .split('|')
      .map((a) => parseAlternative(a.trim()))
      .filter((a): a is Alternative => a !== undefined);
    if (alts.length > 0) groups.push(alts);
  }
  return groups;
}

export function formatAlternative(a: Alternative): string {
  return `${a.name}${a.qualifier ? `:${a.qualifier}` : ''}${a.op ? ` (${a.op} ${a.version ?? ''})` : ''}`;
}
