// Debian control-file syntax (deb822): stanzas of `Field: value` lines, continuation lines
// starting with a space or tab, stanzas separated by blank lines. Used by Release, Packages and
// apt's `.sources` files.

export type Stanza = Readonly<Record<string, string>>;

/**
 * Splits a control file into stanzas. Field names keep their spelling; values are trimmed, and a
 * multi-line value keeps its continuation lines (without their leading space) after a newline.
 * Lines starting with `#` are comments (allowed in `.sources` files, absent from archive indices).
 */
export function parseStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Record<string, string> = {};
  let last: string | undefined;
  let any = false;
  const flush = (): void => {
    if (any) stanzas.push(current);
    current = {};
    last = undefined;
    any = false;
  };
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (line.startsWith('#')) continue;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (last === undefined) continue;
      const more = line.trim();
      current[last] = current[last] ? `${current[last]}\n${more === '.' ? '' : more}` : more;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon);
    current[last] = line.slice(colon + 1).trim();
    any = true;
  }
  flush();
  return stanzas;
}

/** A field by name, case-insensitively (deb822 field names are case-insensitive). */
export function field(stanza: Stanza, name: string): string | undefined {
  if (stanza[name] !== undefined) return stanza[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(stanza)) if (k.toLowerCase() === lower) return v;
  return undefined;
}
