import type { Migration } from '../../db/migrate';
import { initialSchema } from './0010-initial-schema';
import { studySettings } from './0020-study-settings';
import { questionnaireBuilder } from './0030-questionnaire-builder';
import { dataEntry } from './0040-data-entry';
import { mixingEvents } from './0050-mixing-events';
import { onlineImports } from './0060-online-imports';
import { mergeConflicts } from './0070-merge-conflicts';
import { answerDigests } from './0080-answer-digests';
import { responseByParticipant } from './0090-response-by-participant';
import { blankFormsAndCorrections } from './0100-blank-forms-and-corrections';
import { groupForms } from './0110-group-forms';
import { translationReview } from './0120-translation-review';

/** Append-only. Add a new file and a new line; never edit a step that has shipped. */
export const studyMigrations: readonly Migration[] = [initialSchema, studySettings, questionnaireBuilder, dataEntry, mixingEvents, onlineImports, mergeConflicts, answerDigests, responseByParticipant, blankFormsAndCorrections, groupForms, translationReview];
