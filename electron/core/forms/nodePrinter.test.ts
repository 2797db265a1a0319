import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath, printerLaunchOptions } from './nodePrinter';

/** The printer's Chromium inherits none of the CLI's environment (issue 22, point 7). */
describe('the PDF printer\'s Chromium', () => {
  it('starts with an empty environment, so a passphrase variable of the CLI never reaches it', async () => {
    const canary = 'printer-env-canary-5521';
    process.env.MIXWISE_PASSPHRASE = canary;
    const browser = await chromium.launch(printerLaunchOptions(chromiumPath()));
    try {
      // The browser Playwright started is a child of this process; /proc shows the environment the kernel gave it.
      const children = childPids();
      expect(children.length).toBeGreaterThan(0);
      for (const pid of children) {
        const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
        expect(environ).not.toContain(canary);
        expect(environ).not.toContain('MIXWISE_PASSPHRASE');
      }
      const page = await browser.newPage();
      await page.setContent('<p>printed</p>');
      expect((await page.pdf()).subarray(0, 4).toString('latin1')).toBe('%PDF');
    } finally {
      delete process.env.MIXWISE_PASSPHRASE;
      await browser.close();
    }
  }, 120_000);
});

function childPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // Field 4 of /proc/PID/stat is the parent's pid (after the command name in parentheses).
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid;
      } catch {
        return false;
      }
    })
    .map(Number)
    .filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('chrom'));
}
