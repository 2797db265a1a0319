import { basename, resolve } from 'node:path';
import { openStudyFile } from '../../core/study/file';
import { readStudySummary } from '../../core/study/summary';
import { requiredString } from '../args';
import type { Command } from '../command';
import { readPassphrase } from '../passphrase';

export const infoCommand: Command = {
  name: 'info',
  summary: 'Print a study\'s setup and counts as JSON (no names of people).',
  synopsis: 'info --study FILE',
  details: [
    'Prints one JSON object on stdout: study, country, identityGroups, arms, sites, cohorts, waves,',
    'versions, participants and responsesPerWave. Messages, if any, go to stderr. responsesPerWave counts',
    'questionnaires received as `mixwise status` does: with an answer that has a value or text, of people',
    'not erased (a keyed row with only its ID is no questionnaire).',
    '',
    'Example:',
    '  MIXWISE_PASSPHRASE=... mixwise info --study demo.mixwise | jq .participants',
  ].join('\n'),
  options: {
    study: { type: 'string', valueName: 'FILE', description: 'The study file to read.', required: true },
  },

  async run(values, io) {
    const path = resolve(io.cwd, requiredString(values, 'study'));
    const passphrase = await readPassphrase(io, { subject: basename(path), isNew: false });
    const db = openStudyFile(path, passphrase);
    let summary;
    try {
      summary = readStudySummary(db);
    } finally {
      db.close();
    }
    // "study" rather than "name": in a script `.study` reads better than `.name` of an unnamed object.
    const { name, ...rest } = summary;
    io.stdout.write(`${JSON.stringify({ study: name, ...rest }, null, 2)}\n`);
  },
};
