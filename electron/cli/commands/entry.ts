import { basename, resolve } from 'node:path';
import { keyingStats } from '../../core/entry/stats';
import { openStudyFile } from '../../core/study/file';
import { requiredString } from '../args';
import type { Command } from '../command';
import { readPassphrase } from '../passphrase';

export const entryStatsCommand: Command = {
  name: 'entry stats',
  summary: 'Print keying statistics per clerk and per batch as JSON (forms, keys per form, forms per hour, corrections, error rate).',
  synopsis: 'entry stats --study FILE',
  details: [
    'Prints one JSON object on stdout: "clerks" (per clerk: batches, forms, keystrokes, keystrokesPerForm,',
    'corrections, activeMinutes, formsPerHour, and from double entry cellsCompared, errors, errorRate,',
    'unresolved) and "batches" (the same keying figures per batch). Active time counts a pause of more',
    'than 2 minutes as 2 minutes. An error is a resolved disagreement where the clerk\'s value was not',
    'the final one. The study passphrase comes from MIXWISE_PASSPHRASE.',
    '',
    'Example:',
    '  MIXWISE_PASSPHRASE=... mixwise entry stats --study pilot.mixwise | jq .clerks',
  ].join('\n'),
  options: {
    study: { type: 'string', valueName: 'FILE', description: 'The study file to read.', required: true },
  },

  async run(values, io) {
    const path = resolve(io.cwd, requiredString(values, 'study'));
    const passphrase = await readPassphrase(io, { subject: basename(path), isNew: false });
    const db = openStudyFile(path, passphrase);
    let stats;
    try {
      stats = keyingStats(db);
    } finally {
      db.close();
    }
    io.stdout.write(`${JSON.stringify({ clerks: stats.clerks, batches: stats.batches }, null, 2)}\n`);
  },
};
