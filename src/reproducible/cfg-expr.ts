// Evaluates cargo's `cfg(…)` target keys (`target.'cfg(all(unix, target_arch = "x86_64"))'`)
// against the cfg values rustc prints for a target (`rustc --print cfg --target T`).

export type CfgSet = ReadonlySet<string>;

/** `rustc --print cfg` output → a set of `name` and `name="value"` entries. */
export function parseCfgOutput(text: string): CfgSet {
  return new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  );
}

type Token = { kind: 'ident'; value: string } | { kind: 'string'; value: string } | { kind: 'punct'; value: '(' | ')' | ',' | '=' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) i++;
    else if (c === '(' || c === ')' || c === ',' || c === '=') {
      tokens.push({ kind: 'punct', value: c });
      i++;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end === -1) throw new Error(`unterminated string in ${text}`);
      tokens.push({ kind: 'string', value: text.slice(i + 1, end) });
      i = end + 1;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
      if (!m) throw new Error(`unexpected ${JSON.stringify(c)} in ${text}`);
      tokens.push({ kind: 'ident', value: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

/** Whether `key` (a whole `cfg(…)` string) holds for the target; throws on a malformed key. */
export function cfgMatches(key: string, cfg: CfgSet): boolean {
  const tokens = tokenize(key);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const expect = (value: string): void => {
    const t = tokens[pos++];
    if (t?.kind !== 'punct' || t.value !== value) throw new Error(`expected ${value} in ${key}`);
  };
  const expr = (): boolean => {
    const t = tokens[pos++];
    if (t?.kind !== 'ident') throw new Error(`expected a name in ${key}`);
    if (t.value === 'all' || t.value === 'any' || t.value === 'not') {
      if (peek()?.kind === 'punct' && peek()?.value === '(') {
        expect('(');
        const values: boolean[] = [];
        while (!(peek()?.kind === 'punct' && peek()?.value === ')')) {
          values.push(expr());
          if (peek()?.kind === 'punct' && peek()?.value === ',') pos++;
          else break;
        }
        expect(')');
        if (t.value === 'all') return values.every(Boolean);
        if (t.value === 'any') return values.some(Boolean);
        if (values.length !== 1) throw new Error(`not() takes one predicate in ${key}`);
        return !values[0];
      }
    }
    if (peek()?.kind === 'punct' && peek()?.value === '=') {
      pos++;
      const v = tokens[pos++];
      if (v?.kind !== 'string') throw new Error(`expected a string in ${key}`);
      return cfg.has(`${t.value}="${v.value}"`);
    }
    return cfg.has(t.value);
  };
  const head = tokens[pos++];
  if (head?.kind !== 'ident' || head.value !== 'cfg') throw new Error(`not a cfg() key: ${key}`);
  expect('(');
  const result = expr();
  expect(')');
  if (pos !== tokens.length) throw new Error(`trailing text in ${key}`);
  return result;
}
