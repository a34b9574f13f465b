// Quoting for generated POSIX sh: values become single-quoted words that sh never re-parses.

/**
 * Quotes one value as a single sh word. Values with `$` or backticks are double-quoted with those
 * escaped (single quotes would do too, but read like a missed expansion to people and shellcheck).
 */
export function shQuote(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  if (/[$`]/.test(value)) return `"${value.replace(/[$`"\\]/g, (c) => `\\${c}`)}"`;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Quotes each value and joins them with spaces. */
export function shWords(values: readonly string[]): string {
  return values.map(shQuote).join(' ');
}

/**
 * Escapes a literal for a GNU-style response file as rustc writes it: one argument per line,
 * with backslash and space escaped by a backslash.
 */
export function rspEscape(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll(' ', '\\ ');
}
