// How signals reach cargo, decided from where tszig runs (the real thing, with cargo and a pty:
// test/e2e/signals.test.ts), and how a terminal's foreground is read from /proc.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signalPolicy, signalStatus } from '../../src/cargo/run.ts';
import { foregroundFromStat } from '../../src/platform/terminal.ts';

describe('signalPolicy', () => {
  it("in a terminal's foreground cargo shares our group and gets no second Ctrl-C", () => {
    const p = signalPolicy(true, 'linux');
    assert.equal(p.ownGroup, false);
    assert.ok(!p.forward.includes('SIGINT') && !p.forward.includes('SIGQUIT'));
    assert.ok(p.forward.includes('SIGTERM'));
  });

  it('anywhere else cargo gets its own group and every signal goes to all of it', () => {
    assert.deepEqual(signalPolicy(false, 'linux'), { ownGroup: true, forward: ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] });
    assert.equal(signalPolicy(false, 'win32').ownGroup, false);
  });

  it('the exit status a shell shows for a signal', () => {
    assert.equal(signalStatus('SIGINT'), 130);
    assert.equal(signalStatus('SIGTERM'), 143);
  });
});

describe('foregroundFromStat', () => {
  // pid (comm) state ppid pgrp session tty_nr tpgid …
  it('foreground: a terminal whose foreground group is ours', () => {
    assert.equal(foregroundFromStat('4242 (node) S 4000 4242 4000 34816 4242 4194304 0'), true);
  });
  it('background, or no terminal at all', () => {
    assert.equal(foregroundFromStat('4242 (node) S 4000 4242 4000 34816 4100 4194304 0'), false);
    assert.equal(foregroundFromStat('4242 (node) S 4000 4242 4242 0 -1 4194304 0'), false);
  });
  it('a command name with spaces and parentheses', () => {
    assert.equal(foregroundFromStat('4242 (a (b) c) S 4000 7 4000 34816 7 0'), true);
  });
});
