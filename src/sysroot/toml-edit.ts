// Writes `[target.<triple>] packages = [...]` into tszig.toml text, keeping everything else
// (comments, order, other settings) as it was: the value is replaced in place when the table
// has one, added to the table when it has none, and a new table is appended otherwise.

function header(line: string, triple: string): boolean {
  const m = /^\s*\[\s*target\s*\.\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_.-]+))\s*\]\s*(#.*)?$/.exec(line);
  return Boolean(m && (m[1] ?? m[2] ?? m[3]) === triple);
}

function tomlArray(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

export function withTargetPackages(text: string, triple: string, packages: readonly string[]): string {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const value = `packages = ${tomlArray(packages)}`;
  const start = lines.findIndex((l) => header(l, triple));
  if (start === -1) {
    const gap = lines.length > 0 && lines[lines.length - 1]?.trim() !== '' ? [''] : [];
    return `${[...lines, ...gap, `[target.${triple}]`, value].join('\n')}\n`;
  }
  let end = lines.findIndex((l, i) => i > start && /^\s*\[/.test(l));
  if (end === -1) end = lines.length;
  const at = lines.findIndex((l, i) => i > start && i < end && /^\s*packages\s*=/.test(l));
  if (at === -1) {
    lines.splice(start + 1, 0, value);
    return `${lines.join('\n')}\n`;
  }
  // The old value may span lines: up to the line that closes its array.
  let last = at;
  let depth = 0;
  for (let i = at; i < end; i++) {
    const code = (lines[i] ?? '').replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""').replace(/#.*$/, '');
    depth += (code.match(/\[/g)?.length ?? 0) - (code.match(/\]/g)?.length ?? 0);
    last = i;
    if (depth <= 0) break;
  }
  lines.splice(at, last - at + 1, value);
  return `${lines.join('\n')}\n`;
}
