import { chromium, type Browser } from 'playwright-core';
import type { PdfPrinter } from './printer';

/**
 * The PdfPrinter for Node (CLI and tests): Debian's Chromium driven by playwright-core. No browser
 * is downloaded; MIXWISE_CHROMIUM may point at another Chromium. The page gets the HTML directly
 * (setContent): nothing is written to disk and the document's own CSP blocks every request.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.MIXWISE_CHROMIUM ?? '/usr/bin/chromium';
}

/**
 * Chromium starts with an empty environment: it needs none of this process's variables, and a
 * secret read from one (MIXWISE_PASSPHRASE, if a script set it) must not be copied into a browser
 * whose environment other users' tools can read (/proc/<pid>/environ for the same user).
 */
export function printerLaunchOptions(executablePath: string) {
  return { executablePath, args: CHROMIUM_ARGS, env: {} };
}

export interface ClosablePrinter extends PdfPrinter {
  close(): Promise<void>;
}

/** `shared`: a browser someone else owns (the e2e fixture's); close() then leaves it running. */
export function createNodePrinter(executablePath = chromiumPath(), shared?: () => Promise<Browser>): ClosablePrinter {
  // Only the CLI and tests import this file, so the app's core never loads Playwright; the browser
  // starts on the first print and is reused for the next.
  let browser: Promise<Browser> | null = null;
  const launch = () => chromium.launch(printerLaunchOptions(executablePath));
  return {
    async print(html) {
      browser ??= shared ? shared() : launch();
      const context = await (await browser).newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort('blockedbyclient'));
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ printBackground: true, preferCSSPageSize: true, format: 'A4' });
      } finally {
        await context.close();
      }
    },
    async close() {
      if (browser && !shared) await (await browser).close();
      browser = null;
    },
  };
}
