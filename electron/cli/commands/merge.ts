import { basename, resolve } from 'node:path';
import { readBatchFile } from '../../core/merge/batchFile';
import { importBatchContent, planMerge } from '../../core/merge/merge';
import { openStudyFile } from '../../core/study/file';
import { requiredString } from '../args';
import type { Command } from '../command';
import { readPassphrase } from '../passphrase';

export const BATCH_PASSPHRASE_ENV = 'MIXWISE_BATCH_PASSPHRASE';

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'Import a .mixbatch file of forms keyed on another laptop into the same study; print what it did as JSON.',
  synopsis: 'merge --study FILE --file BATCHFILE [--dry-run]',
  details: [
    'Reads the batch file, checks every value with the data-entry rules and imports it in one transaction:',
    'new forms are added, forms already in the study unchanged are ignored, and cells where the file and',
    'the study differ are NOT applied but listed as conflicts (resolve them in the app: Data entry, Merge).',
    'Any problem (another study, a wrong passphrase, a damaged file, an unknown ID) imports nothing.',
    `The study passphrase comes from MIXWISE_PASSPHRASE, the batch file's from ${BATCH_PASSPHRASE_ENV}`,
    '(or hidden prompts on a terminal).',
    '',
    'Example:',
    '  MIXWISE_PASSPHRASE=... MIXWISE_BATCH_PASSPHRASE=... mixwise merge --study pilot.mixwise --file box3.mixbatch',
  ].join('\n'),
  options: {
    study: { type: 'string', valueName: 'FILE', description: 'The study file to import into.', required: true },
    file: { type: 'string', valueName: 'BATCHFILE', description: 'The .mixbatch file exported on the other laptop.', required: true },
    'dry-run': { type: 'boolean', description: 'Only report what importing would do; change nothing.' },
  },

  async run(values, io) {
    const studyPath = resolve(io.cwd, requiredString(values, 'study'));
    const batchPath = resolve(io.cwd, requiredString(values, 'file'));
    const studyPassphrase = await readPassphrase(io, { subject: `the study file ${basename(studyPath)}`, isNew: false });
    const batchPassphrase = await readPassphrase(io, { subject: `the batch file ${basename(batchPath)}`, isNew: false, variable: BATCH_PASSPHRASE_ENV });
    // The batch file is read and checked before the study is opened: a bad file never touches it.
    const content = readBatchFile(batchPath, batchPassphrase);
    const db = openStudyFile(studyPath, studyPassphrase);
    let summary;
    try {
      summary = values['dry-run'] === true ? planMerge(db, content).summary : importBatchContent(db, content);
    } finally {
      db.close();
    }
    io.stdout.write(`${JSON.stringify({ dryRun: values['dry-run'] === true, ...summary }, null, 2)}\n`);
  },
};
