import type { exportsContract } from '../../api/contracts/exports';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import { loadExportDataset } from './dataset';
import { generalisations, quasiCandidates } from './quasi';
import { assertExportable, checkExport, dataExtension, prepareSave, writeExport } from './save';

/** A file name from the study's name: letters, digits and dashes only. */
export function exportFileName(studyName: string, extension: string): string {
  const base = studyName.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'study';
  return `${base}-export.${extension}`;
}

export function exportsHandlers(ctx: CoreContext): DomainHandlers<typeof exportsContract> {
  /** The unlocked vault of this study, if any: exports are then recorded there. */
  const vaultOpen = () => ctx.vault?.session.isOpen() === true;

  return {
    'exports.variables': () =>
      ctx.study.use((db) => {
        const dataset = loadExportDataset(db);
        return {
          variables: dataset.variables.map((variable) => ({
            name: variable.name,
            label: variable.label,
            wave: variable.wave,
            item: variable.item,
            kind: variable.kind,
            generalise: generalisations(variable),
          })),
          quasiCandidates: quasiCandidates(dataset.variables),
          freeText: [...new Map(dataset.variables.filter((variable) => variable.kind === 'text').map((variable) => [variable.item!, variable.label])).entries()].map(
            ([item, label]) => ({ item, label }),
          ),
          respondents: dataset.rows.length,
        };
      }),
    'exports.check': (options) => ctx.study.use((db) => checkExport(db, options).prepared.report),
    'exports.save': async (options) => {
      // Refused before the dialog when it could not be written anyway.
      const { report, studyName } = ctx.study.use((db) => ({
        report: checkExport(db, options).prepared.report,
        studyName: db.prepare('SELECT name FROM study WHERE id = 1').pluck().get() as string,
      }));
      assertExportable(report, options, vaultOpen());
      const extension = dataExtension(options.format);
      const path = await ctx.deps.dialogs.chooseSavePath(exportFileName(studyName, extension), [extension]);
      if (!path) return { paths: null, report };
      // Checked again at the moment of writing: the data or the vault may have changed meanwhile.
      const { dataset, prepared } =
        vaultOpen() && ctx.vault
          ? ctx.vault.withBoth((study, vault) => prepareSave(study, vault.db, options, path, 'app'))
          : ctx.study.use((db) => prepareSave(db, null, options, path, 'app'));
      return { paths: await writeExport(dataset, prepared, options, path), report: prepared.report };
    },
  };
}
