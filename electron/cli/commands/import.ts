import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { MixwiseError } from '../../core/errors';
import { commitImport } from '../../core/imports/commit';
import { parseMapping } from '../../core/imports/mapping';
import { MAX_FILE_BYTES, readImportTable } from '../../core/imports/table';
import { openStudyFile } from '../../core/study/file';
import { requiredString } from '../args';
import type { Command } from '../command';
import { readPassphrase } from '../passphrase';

const MAX_MAP_BYTES = 1024 * 1024;

function readFileChecked(path: string, what: string, maxBytes: number): Buffer {
  if (!existsSync(path) || !statSync(path).isFile()) throw new MixwiseError('NOT_FOUND', `The ${what} ${path} does not exist.`, { field: 'path' });
  if (statSync(path).size > maxBytes) {
    throw new MixwiseError('INVALID_INPUT', `The ${what} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`, { field: 'path' });
  }
  return readFileSync(path);
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import an online wave (KoboToolbox, Qualtrics or Excel export, .csv or .xlsx) into the study, all or nothing.',
  synopsis: 'import --study FILE --wave CODE --file EXPORT --map MAPPING.json [--actor NAME]',
  details: [
    'The mapping is JSON, the same format the app saves (Import > Save mapping):',
    '  {"versionCode": "newcomer_en", "idColumn": "participant_id", "skipRows": 0,',
    '   "columns": {"Q1": "att1", "Q2": "att2"}, "recode": {"att1": {"Strongly agree": 5, "No answer": "refused"}},',
    '   "match": {"email": "E-mail"}}',
    'Every value is checked as if keyed (ranges, answer codes, missing codes, skip logic; IDs against the',
    'roster and the wave). If anything is wrong, every problem is listed by row and column on stderr and',
    'nothing is imported. Rows without a valid ID are held for the match assistant (in the app, with the',
    'vault unlocked); they are counted as "held". Prints {"importId", "batchId", "imported", "held"} as JSON.',
    `Files over ${MAX_FILE_BYTES / 1024 / 1024} MB or cells over 2000 characters are refused. The study passphrase comes from MIXWISE_PASSPHRASE.`,
    '',
    'Example:',
    '  MIXWISE_PASSPHRASE=... mixwise import --study pilot.mixwise --wave fu --file kobo.xlsx --map kobo-map.json',
  ].join('\n'),
  options: {
    study: { type: 'string', valueName: 'FILE', description: 'The study file (.mixwise).', required: true },
    wave: { type: 'string', valueName: 'CODE', description: 'The wave the answers belong to, e.g. fu.', required: true },
    file: { type: 'string', valueName: 'EXPORT', description: 'The export, .csv or .xlsx.', required: true },
    map: { type: 'string', valueName: 'MAPPING', description: 'The column mapping, JSON.', required: true },
    actor: { type: 'string', valueName: 'NAME', description: 'Who imports, recorded as the batch\'s clerk (default "import").' },
  },

  async run(values, io) {
    const studyPath = resolve(io.cwd, requiredString(values, 'study'));
    const filePath = resolve(io.cwd, requiredString(values, 'file'));
    const mapPath = resolve(io.cwd, requiredString(values, 'map'));
    const waveCode = requiredString(values, 'wave');
    const actor = (values.actor as string | undefined) ?? 'import';
    // The mapping and the file are checked before the passphrase is asked for: a typo fails at once.
    let json: unknown;
    try {
      json = JSON.parse(readFileChecked(mapPath, 'mapping file', MAX_MAP_BYTES).toString('utf8'));
    } catch (error) {
      if (error instanceof MixwiseError) throw error;
      throw new MixwiseError('INVALID_INPUT', 'The mapping file is not valid JSON.', { field: 'mapping' });
    }
    const mapping = parseMapping(json);
    const content = readFileChecked(filePath, 'file', MAX_FILE_BYTES + 1);
    const table = await readImportTable(basename(filePath), content);

    const passphrase = await readPassphrase(io, { subject: `the study file ${basename(studyPath)}`, isNew: false });
    const db = openStudyFile(studyPath, passphrase);
    try {
      const result = commitImport(db, {
        fileName: basename(filePath),
        content,
        table,
        waveCode,
        mapping,
        actor,
        onProgress: (done, total) => io.stderr.write(`\rImported ${done} of ${total} rows`),
      });
      io.stderr.write('\n');
      io.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
      db.close();
    }
  },
};
