import type { Page } from 'playwright-core';

/**
 * What the keystroke bench (entry-latency.ts) does in the keying page besides pressing keys: waits
 * for each key's commit, times the bridge alone, and keys one paper form as a clerk does.
 */

/**
 * Reads where the cursor is and arms a wait for the next key's commit measure, in one call: a
 * PerformanceObserver costs the page nothing until the measure is made (polling for it every frame
 * ran the bench's own script in the frames it was timing).
 */
export function armCommitWait(page: Page): Promise<string> {
  return page.evaluate(() => {
    const page = window as unknown as { __benchCommitted?: Promise<void>; __benchObserver?: PerformanceObserver };
    // A wait armed before a move that committed nothing is dropped, never left observing.
    page.__benchObserver?.disconnect();
    page.__benchCommitted = new Promise<void>((resolve) => {
      const observer = new PerformanceObserver((list) => {
        if (list.getEntriesByName('mixwise:entry-commit').length === 0) return;
        observer.disconnect();
        resolve();
      });
      observer.observe({ type: 'measure' });
      page.__benchObserver = observer;
    });
    return document.querySelector('.ag-cell-focus')?.getAttribute('col-id') ?? '';
  });
}

/** Resolves when the commit armed by armCommitWait has been measured; fails after `timeout` ms. */
export async function commitMeasured(page: Page, timeout: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      page.evaluate(() => (window as unknown as { __benchCommitted?: Promise<void> }).__benchCommitted),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no commit within ${timeout} ms`)), timeout);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The bridge alone: `count` pings through the same CDP binding path the app's calls take (page ->
 * this process -> page), with nothing for the core or the renderer to do. Returns each one's ms.
 */
export async function pingBridge(page: Page, count: number) {
  const session = await page.context().newCDPSession(page);
  session.on('Runtime.bindingCalled', (event) => {
    if (event.name === '__benchPing') void session.send('Runtime.evaluate', { expression: `window.__benchPong(${JSON.stringify(event.payload)})`, contextId: event.executionContextId });
  });
  await session.send('Runtime.addBinding', { name: '__benchPing' });
  const pings = (await page.evaluate(`(async () => {
    const times = [];
    for (let i = 0; i < ${Number(count)}; i++) {
      const started = performance.now();
      await new Promise((resolve) => { window.__benchPong = resolve; window.__benchPing(String(i)); });
      times.push(performance.now() - started);
    }
    return times;
  })()`)) as number[];
  return { session, pings };
}

export interface KeyRun {
  /** Answers to key. */
  count: number;
  /** The digit to key in the grid column `colId`, or null for a cell to move past (the ID, a multi-digit answer). */
  digitFor(colId: string): string | null;
  /** Grid columns in a row: the cursor must reach an answer within twice as many moves. */
  columns: number;
  /**
   * Least time from one key press to the next, in ms (0: the next key as soon as the last one's cell
   * is committed). With a pause, what the grid does between keys (bringing the next screenful into
   * view) falls in the page's idle time instead of on the next key.
   */
  paceMs: number;
  /** Called before the n-th answer key (0-based), for tracing a stretch of keys. */
  before?(pressed: number): Promise<void>;
}

/**
 * Keys `count` one-digit answers along the batch's rows from where the cursor is, moving past other
 * cells (the ID, multi-digit answers) without committing, and waits for each answer's commit.
 * Returns the number of answers and of moves; the latencies are the page's commit measures.
 */
export async function keyAnswers(page: Page, run: KeyRun): Promise<{ answers: number; moves: number }> {
  let lastPress = 0;
  const press = async (key: string) => {
    const wait = lastPress + run.paceMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lastPress = performance.now();
    await page.keyboard.press(key);
  };
  let answers = 0;
  let moves = 0;
  let movesInARow = 0;
  while (answers < run.count) {
    const colId = await armCommitWait(page);
    const digit = run.digitFor(colId);
    if (digit === null) {
      // The grid's cursor must reach a one-digit answer within a row's width of moves.
      if (++movesInARow > 2 * run.columns) {
        await page.screenshot({ path: '/tmp/bench-stuck.png' });
        throw new Error(`the cursor never reached a one-digit answer (last at "${colId}")`);
      }
      // The empty row's ID or a multi-digit answer: move on without committing anything.
      moves++;
      await press(colId === 'id' ? 'ArrowUp' : 'Tab');
      if (colId === 'id') await press('ArrowRight');
      continue;
    }
    movesInARow = 0;
    await run.before?.(answers);
    await press(digit);
    await commitMeasured(page, 10_000);
    answers++;
  }
  return { answers, moves };
}

/**
 * Keys one paper form of the `items`-item version in the batch named `box` as a clerk does (the
 * ID's digits, then one digit per answer) and counts the key presses until the row is complete.
 */
export async function keyOneForm(page: Page, box: string, id: string, items: number): Promise<{ items: number; keys: number }> {
  await page.getByRole('button', { name: 'Back to batches' }).click();
  await page.getByRole('button', { name: new RegExp(`^Key forms of ${box}`) }).click();
  await page.locator('.ag-cell-focus[col-id="id"]').waitFor({ timeout: 60_000 });
  let keys = 0;
  for (const key of `${id}${'3'.repeat(items)}`) {
    await page.keyboard.press(key);
    keys++;
  }
  await page.locator('.ag-row[row-index="0"] [col-id="status"]', { hasText: 'Complete' }).first().waitFor({ timeout: 30_000 });
  return { items, keys };
}
