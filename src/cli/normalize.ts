// The one place that folds cac's quirks: repeated flags become arrays, lone flags scalars, and
// numeric-looking values become numbers (`0.10` → 0.1). Option values are therefore read back
// verbatim from the raw argv.

/** Every value given for `--name` (as `--name v` or `--name=v`), in order, exactly as typed. */
export function rawValues(argv: readonly string[], name: string): string[] {
  const values: string[] = [];
  const flag = `--${name}`;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    if (a === flag && i + 1 < argv.length) values.push(argv[++i] as string);
    else if (a.startsWith(`${flag}=`)) values.push(a.slice(flag.length + 1));
  }
  return values;
}

/** The last value given for `--name`, or undefined. */
export function rawValue(argv: readonly string[], name: string): string | undefined {
  return rawValues(argv, name).at(-1);
}
