// Whether this process runs in the foreground of a terminal, where the terminal itself sends
// Ctrl-C (SIGINT) and Ctrl-\ (SIGQUIT) to every process of the foreground process group.

import { readFileSync } from 'node:fs';

/** Linux: /proc/self/stat's process group and the terminal's foreground group; elsewhere: a TTY on stdin. */
export function inTerminalForeground(stat: () => string = () => readFileSync('/proc/self/stat', 'utf8')): boolean {
  if (process.platform === 'linux') {
    try {
      return foregroundFromStat(stat());
    } catch {
      // no /proc: fall back to the TTY test below
    }
  }
  return process.stdin.isTTY === true;
}

/** From the text of /proc/<pid>/stat: has a controlling terminal, and its foreground group is ours. */
export function foregroundFromStat(text: string): boolean {
  // Fields after the command name (which may hold spaces and parentheses): state ppid pgrp session tty_nr tpgid …
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const pgrp = Number(fields[2]);
  const tty = Number(fields[4]);
  const tpgid = Number(fields[5]);
  return tty !== 0 && tpgid > 0 && tpgid === pgrp;
}
