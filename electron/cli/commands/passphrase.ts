import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { MixwiseError } from '../../core/errors';
import { openStudyFile } from '../../core/study/file';
import { assertNewStudyPassphrase, rekeyStudyFile } from '../../core/study/passphrase';
import { readStudySummary } from '../../core/study/summary';
import { changeVaultPassphrase, closeVault, openVaultFile } from '../../core/vault/vaultFile';
import { UsageError } from '../args';
import type { Command } from '../command';
import { readPassphrase } from '../passphrase';
import { VAULT_PASSPHRASE_ENV } from './enrol';

export const NEW_PASSPHRASE_ENV = 'MIXWISE_NEW_PASSPHRASE';

export const passphraseCommand: Command = {
  name: 'passphrase',
  summary: 'Change the passphrase of a study or a vault (the file is re-encrypted; the old passphrase stops working).',
  synopsis: 'passphrase (--study FILE | --vault FILE)',
  details: [
    'The current passphrase comes from MIXWISE_PASSPHRASE (a study) or MIXWISE_VAULT_PASSPHRASE (a vault),',
    `the new one from ${NEW_PASSPHRASE_ENV}; either is asked for, without echo, when run in a terminal.`,
    'A passphrase too easy to guess is refused. The file is re-encrypted into a checked copy that replaces',
    'it in one step: if the command is stopped, the file opens with the old passphrase or the new one.',
    'A vault gets a new data key: its backups are re-encrypted too, and its recovery key keeps working.',
    'Copies of a study made before (another laptop, a USB stick) still open with the old passphrase.',
    '',
    'Example:',
    `  MIXWISE_PASSPHRASE=... ${NEW_PASSPHRASE_ENV}=... mixwise passphrase --study pilot.mixwise`,
  ].join('\n'),
  options: {
    study: { type: 'string', valueName: 'FILE', description: 'The study file whose passphrase changes.' },
    vault: { type: 'string', valueName: 'FILE', description: 'The vault file whose passphrase changes.' },
  },

  async run(values, io) {
    const study = typeof values.study === 'string' ? resolve(io.cwd, values.study) : null;
    const vault = typeof values.vault === 'string' ? resolve(io.cwd, values.vault) : null;
    if (Boolean(study) === Boolean(vault)) throw new UsageError('Give either --study FILE or --vault FILE.');
    const path = (study ?? vault)!;
    if (!existsSync(path)) throw new MixwiseError('NOT_FOUND', `${path} does not exist.`, { field: study ? 'study' : 'vault' });
    const noun = study ? 'study' : 'vault';
    const current = await readPassphrase(io, {
      subject: `the ${noun} file ${basename(path)}`,
      isNew: false,
      variable: vault ? VAULT_PASSPHRASE_ENV : undefined,
    });
    if (vault) {
      const open = await openVaultFile(vault, current);
      try {
        const next = await readPassphrase(io, { subject: `the vault file ${basename(vault)}`, isNew: true, variable: NEW_PASSPHRASE_ENV });
        const report = await changeVaultPassphrase(open, current, next, { client: 'cli' });
        closeVault(report.vault);
        io.stdout.write(`The vault's passphrase was changed; ${report.backupsRekeyed} backup(s) re-encrypted with it.\n`);
        if (report.backupsUnreadable > 0) {
          io.stderr.write(`${report.backupsUnreadable} file(s) in the backup folder could not be opened and were left as they were.\n`);
        }
      } finally {
        if (open.db.open) closeVault(open);
      }
      return;
    }
    const db = openStudyFile(study!, current);
    try {
      const next = await readPassphrase(io, { subject: `the study file ${basename(study!)}`, isNew: true, variable: NEW_PASSPHRASE_ENV });
      assertNewStudyPassphrase(current, next, readStudySummary(db).name);
      rekeyStudyFile(db, study!, current, next);
      io.stdout.write('The study\'s passphrase was changed.\n');
    } finally {
      if (db.open) db.close();
    }
  },
};
