import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';

/**
 * The page must not reach any outside address. The transport records every request that leaves
 * the app's origin (from the page or from any window it opens), so a weakened CSP or guard shows
 * up here as a recorded request.
 */
let app: TestApp;
const OUTSIDE = 'https://outside.example.org';

beforeEach(async () => {
  app = await launchApp();
  await app.page.getByRole('heading', { level: 1, name: 'Mixwise' }).waitFor();
});
afterEach(async () => app.close());
afterAll(closeBrowser);

describe('no network from the renderer', () => {
  it('blocks fetch and WebSocket by the CSP before any request is made', async () => {
    const outcome = await app.page.evaluate(async (outside) => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
      const results: string[] = [];
      try {
        await fetch(`${outside}/collect`);
        results.push('fetch reached');
      } catch {
        results.push('fetch blocked');
      }
      try {
        new WebSocket(outside.replace('https', 'wss'));
        results.push('websocket created');
      } catch {
        results.push('websocket blocked');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { results, violations };
    }, OUTSIDE);
    expect(outcome.results).toContain('fetch blocked');
    expect(outcome.violations).toContain('connect-src');
    expect(app.outsideRequests).toEqual([]);
  });

  it('blocks images, stylesheets, prefetch links and scripts from outside', async () => {
    const violations = await app.page.evaluate(async (outside) => {
      const seen: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => seen.push(event.effectiveDirective));
      const image = document.createElement('img');
      image.src = `${outside}/pixel.png`;
      document.body.append(image);
      for (const rel of ['stylesheet', 'prefetch', 'preload']) {
        const link = document.createElement('link');
        link.rel = rel;
        link.href = `${outside}/${rel}.css`;
        if (rel === 'preload') link.as = 'style';
        document.head.append(link);
      }
      const script = document.createElement('script');
      script.src = `${outside}/tracker.js`;
      document.head.append(script);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return seen;
    }, OUTSIDE);
    expect(violations).toEqual(expect.arrayContaining(['img-src', 'style-src-elem', 'script-src-elem']));
    expect(app.outsideRequests).toEqual([]);
  });

  it('opens no window and follows no link off the app', async () => {
    const { page } = app;
    let popups = 0;
    page.context().on('page', () => popups++);
    const opened = await page.evaluate((outside) => window.open(`${outside}/popup`) === null, OUTSIDE);
    expect(opened).toBe(true);
    await page.evaluate((outside) => {
      for (const target of ['', '_blank']) {
        const anchor = document.createElement('a');
        anchor.href = `${outside}/link`;
        anchor.target = target;
        anchor.textContent = `outside link ${target || 'same'}`;
        document.body.append(anchor);
      }
    }, OUTSIDE);
    await page.getByText('outside link same').click();
    await page.getByText('outside link _blank').click();
    await page.waitForTimeout(300);
    expect(page.url()).toBe('https://mixwise.test/index.html');
    expect(popups).toBe(0);
    expect(app.outsideRequests).toEqual([]);
  });
});
