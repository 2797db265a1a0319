import type { FileKind } from '../db/open';
import { studyMigrations } from './migrations';

/** 'MXWS' in the SQLite header's application_id: tells a study file from a vault or a foreign database. */
export const STUDY_APPLICATION_ID = 0x4d585753;

export const studyKind: FileKind = {
  applicationId: STUDY_APPLICATION_ID,
  noun: 'study',
  migrations: studyMigrations,
};
