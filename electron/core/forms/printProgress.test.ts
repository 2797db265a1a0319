import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../api/contract';
import { FORMS_PROGRESS_TASK } from '../../api/contracts/forms';
import { dispatch } from '../../api/dispatch';
import { generateDemoStudy } from '../demo/generate';
import { createCore, type CoreApp } from '../handlers';
import { tempStudy } from '../setup/testStudy';
import { createNodePrinter } from './nodePrinter';
import { countPdfPages } from './printer';
import { prepareForms, printForms } from './produce';
import { pdfText } from './testPdf';

/**
 * Issue 24, point 4: a long print of pre-filled forms reports pages printed of all pages, prints in
 * chunks joined into one PDF, and can be stopped (by the person, or by locking the study) leaving
 * no file behind. Real Chromium, a real encrypted study with 34 participants of the version's group.
 */
const printer = createNodePrinter();
afterAll(() => printer.close());

let study: ReturnType<typeof tempStudy>;
let folder: string;
beforeEach(() => {
  study = tempStudy();
  generateDemoStudy(study.db, { participants: 68 });
  folder = mkdtempSync(join(tmpdir(), 'mixwise-print-'));
});
afterEach(() => {
  study.cleanup();
  rmSync(folder, { recursive: true, force: true });
});

const request = { version: 'resident_en', wave: 'pre', prefilled: true };

describe('printing pre-filled forms in chunks', () => {
  it("reports pages printed of all pages, rising to the total, and joins every copy in the roster's order", async () => {
    const prepared = prepareForms(study.db, request);
    const ids = prepared.copies.map((copy) => copy.participantId!);
    expect(ids.length).toBe(34);
    const progress: [number, number][] = [];
    const { pdf, pages, forms, pagesPerForm } = await printForms(printer, prepared, {
      chunkSize: 4,
      onProgress: (done, total) => progress.push([done, total]),
    });

    expect(forms).toBe(34);
    expect(pages).toBe(34 * pagesPerForm);
    expect(countPdfPages(pdf)).toBe(pages);
    // The first copy (the layout's trial print), then 33 copies in chunks of 4: 9 reports in all.
    expect(progress).toHaveLength(1 + Math.ceil(33 / 4));
    expect(progress.every(([, total]) => total === pages)).toBe(true);
    const done = progress.map(([printed]) => printed);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(new Set(done).size).toBe(done.length);
    expect(done.at(-1)).toBe(pages);

    // Each page carries exactly one ID, its copy's, digit by digit in the ID boxes.
    const pageTexts = pdfText(pdf).split('\f').slice(0, pages);
    expect(pageTexts).toHaveLength(pages);
    const printedIds = pageTexts.map((page) => {
      const compact = page.replace(/\s+/g, '');
      const found = ids.filter((id) => compact.includes(id));
      expect(found, page.slice(0, 200)).toHaveLength(1);
      return found[0];
    });
    expect(printedIds).toEqual(ids.flatMap((id) => Array<string>(pagesPerForm).fill(id)));
  }, 180_000);
});

describe('forms.savePdf and forms.cancel', () => {
  let core: CoreApp;
  let events: EventPayload<'progress'>[];
  let onProgress: (payload: EventPayload<'progress'>) => void;
  const saveTo = () => join(folder, 'out', 'forms.pdf');

  beforeEach(() => {
    study.db.close();
    mkdirSync(join(folder, 'out'));
    events = [];
    onProgress = () => undefined;
    core = createCore({
      dataDir: mkdtempSync(join(folder, 'app-')),
      appVersion: '0.0.0-test',
      emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
        if (event !== 'progress') return;
        const progress = payload as EventPayload<'progress'>;
        events.push(progress);
        onProgress(progress);
      },
      dialogs: { chooseNewStudyPath: async () => null, chooseStudyFile: async () => null, chooseSavePath: async () => saveTo() },
      printer,
    });
    core.handlers['study.open']({ path: study.path, passphrase: study.passphrase });
  });
  afterEach(() => core.dispose());

  it('stops after the chunk being printed when cancelled, and writes no file, not even a partial one', async () => {
    let cancel: Promise<unknown> | null = null;
    onProgress = (event) => {
      // Cancelled once some pages are printed and more are to come: mid-way.
      if (event.done > 0 && !cancel) cancel = dispatch(core.handlers, 'forms.cancel', {});
    };
    const result = await dispatch(core.handlers, 'forms.savePdf', request);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED', key: 'forms.cancelled', message: 'Printing was cancelled; no file was written.' },
    });
    expect(await cancel).toEqual({ ok: true, value: { cancelled: true } });
    const last = events.at(-1)!;
    expect(last.task).toBe(FORMS_PROGRESS_TASK);
    expect(last.done).toBeLessThan(last.total);
    expect(readdirSync(join(folder, 'out'))).toEqual([]);
    // Nothing is left running to cancel, and the study is still open for the next try.
    expect(await dispatch(core.handlers, 'forms.cancel', {})).toEqual({ ok: true, value: { cancelled: false } });
    expect(core.handlers['study.current']({})).toMatchObject({ status: 'open' });
  }, 180_000);

  it('stops when the study is locked meanwhile, and says why', async () => {
    let locked = false;
    onProgress = (event) => {
      if (event.done === 0 || locked) return;
      locked = true;
      core.handlers['study.lock']({});
    };
    const result = await dispatch(core.handlers, 'forms.savePdf', request);
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED', key: 'forms.stoppedByLock' } });
    expect(readdirSync(join(folder, 'out'))).toEqual([]);
  }, 180_000);

  it('validates the cancel request like every other call', async () => {
    expect(await dispatch(core.handlers, 'forms.cancel', { job: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
