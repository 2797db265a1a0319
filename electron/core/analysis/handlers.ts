import type { analysisContract } from '../../api/contracts/analysis';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import { MixwiseError } from '../errors';
import { writeNewFile } from '../files';
import { loadAnalysisDataWith } from './load';
import type { AnalysisData, AnalysisOptions } from './model';
import { analysisReportHtml } from './pdf';
import { analyseInSteps, type AnalysisReport } from './report';
import { analysisWorkbook } from './xlsx';

export const PROGRESS_TASK = 'analysis';

/** A file name from the study's name: letters, digits and dashes only. */
export function suggestedName(studyName: string, extension: string): string {
  const base = studyName.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'study';
  return `${base}-analysis.${extension}`;
}

export function analysisHandlers(ctx: CoreContext): DomainHandlers<typeof analysisContract> {
  /**
   * Reads the study, then computes one scale at a time so the main process keeps answering the
   * window, reporting progress as it goes; the study's reader thread reads and computes its share
   * meanwhile (load.ts, report.ts). Locking the study while it computes is harmless: the data was
   * already read, and a closed thread's share is computed here.
   */
  async function run(options: AnalysisOptions): Promise<{ report: AnalysisReport; data: AnalysisData; studyName: string }> {
    return ctx.study.useWithReader(async (db, reader) => {
      const studyName = db.prepare('SELECT name FROM study WHERE id = 1').pluck().get() as string;
      const data = await loadAnalysisDataWith(db, reader);
      const report = await analyseInSteps(data, options, (done, total) => ctx.deps.emit('progress', { task: PROGRESS_TASK, done, total }), undefined, reader);
      return { report, data, studyName };
    });
  }

  async function chooseTarget(extension: string): Promise<string | null> {
    const studyName = ctx.study.use((db) => db.prepare('SELECT name FROM study WHERE id = 1').pluck().get() as string);
    return ctx.deps.dialogs.chooseSavePath(suggestedName(studyName, extension), [extension]);
  }

  return {
    'analysis.run': async (input) => (await run(input)).report,
    'analysis.exportXlsx': async (input) => {
      // The dialog first: cancelling costs nothing, and the report then matches the moment of saving.
      const path = await chooseTarget('xlsx');
      if (!path) return { path: null };
      const { report, data, studyName } = await run(input);
      writeNewFile(path, await analysisWorkbook(report, data, studyName));
      return { path };
    },
    'analysis.exportPdf': async (input) => {
      const printer = ctx.deps.printer;
      if (!printer) throw new MixwiseError('INTERNAL', 'Printing to PDF is not available here.', { key: 'analysis.noPrinter' });
      const path = await chooseTarget('pdf');
      if (!path) return { path: null };
      const { report, studyName } = await run(input);
      writeNewFile(path, await printer.print(analysisReportHtml(report, studyName)));
      return { path };
    },
  };
}
