// Which instance of a process a pid names, so that a recycled pid is not taken for the process that
// once had it: on Linux the boot id and the start time from /proc/<pid>/stat; elsewhere unknown.

import { readFileSync } from 'node:fs';

let boot: string | undefined;

function bootId(): string {
  boot ??= (() => {
    try {
      return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      return '';
    }
  })();
  return boot;
}

/** `<boot id>:<start time in clock ticks>` for a live pid on Linux, else undefined. */
export function processStart(pid: number, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count from the last ')'.
    // Field 22 (starttime) is the 20th after it.
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return start ? `${bootId()}:${start}` : undefined;
  } catch {
    return undefined;
  }
}
