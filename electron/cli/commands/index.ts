import type { Command } from '../command';
import { demoCommand } from './demo';
import { infoCommand } from './info';
import { statusCommand } from './status';

/**
 * The command table, in the order `mixwise --help` lists them. Later commands (forms, enrol,
 * ids check, status, analyse, export, import) are one import and one entry each.
 */
export const commands: readonly Command[] = [demoCommand, infoCommand, statusCommand];
