// Loads the sh templates shipped in the package's shims/ directory.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** shims/ at the package root; the same relative path from src/shims and dist/shims. */
export const SHIMS_DIR = fileURLToPath(new URL('../../shims/', import.meta.url));

export type TemplateName = 'cc.sh' | 'tool.sh' | 'rsp.sh' | 'helpers.sh' | 'launcher.c';

const cache = new Map<TemplateName, string>();

export function template(name: TemplateName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(`${SHIMS_DIR}${name}`, 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Splits helpers.sh into its `## helper: NAME` sections. */
export function helperSections(): ReadonlyMap<string, string> {
  const sections = new Map<string, string>();
  const parts = template('helpers.sh').split(/^## helper: /m).slice(1);
  for (const part of parts) {
    const nl = part.indexOf('\n');
    sections.set(part.slice(0, nl).trim(), part.slice(nl + 1).trimEnd());
  }
  return sections;
}
