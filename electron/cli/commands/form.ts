import { basename, resolve } from 'node:path';
import { deleteForm, moveForm, type ParticipantForms } from '../../core/responses/corrections';
import { openStudyFile } from '../../core/study/file';
import { requiredString, type OptionSpecs, type OptionValues } from '../args';
import type { CliIo, Command } from '../command';
import { readPassphrase } from '../passphrase';

const common: OptionSpecs = {
  study: { type: 'string', valueName: 'FILE', description: 'The study file to change.', required: true },
  id: { type: 'string', valueName: 'ID', description: 'The participant ID whose questionnaire it is.', required: true },
  wave: { type: 'string', valueName: 'CODE', description: 'The wave of the questionnaire.', required: true },
  reason: { type: 'string', valueName: 'TEXT', description: 'Why the questionnaire is changed (recorded).', required: true },
  by: { type: 'string', valueName: 'NAME', description: 'Your own name, as recorded with the change.', required: true },
};

async function withStudy(values: OptionValues, io: CliIo, work: (db: ReturnType<typeof openStudyFile>) => ParticipantForms) {
  const path = resolve(io.cwd, requiredString(values, 'study'));
  const passphrase = await readPassphrase(io, { subject: basename(path), isNew: false });
  const db = openStudyFile(path, passphrase);
  let forms;
  try {
    forms = work(db);
  } finally {
    db.close();
  }
  // IDs, waves and counts only: a correction never names a person.
  io.stdout.write(`${JSON.stringify(forms, null, 2)}\n`);
}

export const formDeleteCommand: Command = {
  name: 'form delete',
  summary: "Delete one participant's questionnaire at a wave, with the reason and who (recorded).",
  synopsis: 'form delete --study FILE --id ID --wave CODE --reason TEXT --by NAME',
  details: [
    'Deletes the questionnaire and its answers; a keyed one leaves its batch (both keyings). The change is',
    'recorded with the reason, --by and the time. Prints the ID\'s remaining questionnaires as JSON.',
    '',
    'Example:',
    "  MIXWISE_PASSPHRASE=... mixwise form delete --study pilot.mixwise --id 14343143 --wave post --reason 'Duplicate' --by Eva",
  ].join('\n'),
  options: common,
  async run(values, io) {
    await withStudy(values, io, (db) =>
      deleteForm(db, {
        participantId: requiredString(values, 'id'),
        waveCode: requiredString(values, 'wave'),
        reason: requiredString(values, 'reason'),
        by: requiredString(values, 'by'),
      }),
    );
  },
};

export const formMoveCommand: Command = {
  name: 'form move',
  summary: "Move one participant's questionnaire to another wave and/or ID, with the reason and who (recorded).",
  synopsis: 'form move --study FILE --id ID --wave CODE [--to-wave CODE] [--to-id ID] --reason TEXT --by NAME',
  details: [
    'Refused when the target already has a questionnaire at that wave, or the questionnaire\'s version is for',
    'another identity group than the target ID\'s. Prints the ID\'s questionnaires after the move as JSON.',
    '',
    'Example:',
    "  MIXWISE_PASSPHRASE=... mixwise form move --study pilot.mixwise --id 14343143 --wave fu --to-id 14343150 --reason 'ID misread' --by Eva",
  ].join('\n'),
  options: {
    ...common,
    'to-wave': { type: 'string', valueName: 'CODE', description: 'The wave to move it to.' },
    'to-id': { type: 'string', valueName: 'ID', description: 'The participant ID to move it to.' },
  },
  async run(values, io) {
    await withStudy(values, io, (db) =>
      moveForm(db, {
        participantId: requiredString(values, 'id'),
        waveCode: requiredString(values, 'wave'),
        toWaveCode: (values['to-wave'] as string | undefined) ?? null,
        toParticipantId: (values['to-id'] as string | undefined) ?? null,
        reason: requiredString(values, 'reason'),
        by: requiredString(values, 'by'),
      }),
    );
  },
};
