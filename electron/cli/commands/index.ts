import type { Command } from '../command';
import { analyseCommand } from './analyse';
import { demoCommand } from './demo';
import { enrolCommand } from './enrol';
import { entryStatsCommand } from './entry';
import { exportCommand } from './export';
import { formDeleteCommand, formMoveCommand } from './form';
import { formsCommand } from './forms';
import { idsCheckCommand } from './ids';
import { importCommand } from './import';
import { infoCommand } from './info';
import { mergeCommand } from './merge';
import { passphraseCommand } from './passphrase';
import { statusCommand } from './status';

/**
 * The command table, in the order `mixwise --help` lists them. Later commands (forms, enrol,
 * ids check, status, analyse, export, import) are one import and one entry each.
 */
export const commands: readonly Command[] = [
  demoCommand,
  infoCommand,
  formsCommand,
  statusCommand,
  analyseCommand,
  exportCommand,
  importCommand,
  enrolCommand,
  idsCheckCommand,
  entryStatsCommand,
  formDeleteCommand,
  formMoveCommand,
  mergeCommand,
  passphraseCommand,
];
