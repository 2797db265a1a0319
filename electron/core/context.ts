import type { Emit } from '../api/contract';
import type { RecentStudies } from './app/recent';
import type { StudySession } from './app/session';
import type { OpenOptions } from './db/open';
import type { PdfPrinter } from './forms/printer';
import type { VaultAccess } from './vault/handlers';

/** What only the shell can provide: native dialogs in Electron, preset answers in e2e tests. */
export interface Dialogs {
  chooseNewStudyPath(suggestedName: string): Promise<string | null>;
  chooseStudyFile(): Promise<string | null>;
  /** Where to save an export (chart, report); extensions without the dot, e.g. ['png']. */
  chooseSavePath(suggestedName: string, extensions: string[]): Promise<string | null>;
  /** A .mixbatch file to merge (core/merge). Optional: shells without it refuse merge.chooseFile. */
  chooseBatchFile?(): Promise<string | null>;
}

export interface HandlerDeps {
  /** The app's own data folder (recent list, demo study). */
  dataDir: string;
  appVersion: string;
  dialogs: Dialogs;
  emit: Emit;
  open?: OpenOptions;
  /** Prints paper forms to PDF: a hidden window in Electron, Chromium through Playwright elsewhere. */
  printer?: PdfPrinter;
}

/**
 * Everything a domain's handlers share: the shell's dependencies and the open files. Each domain
 * (core/<domain>/handlers.ts) receives it and returns its part of the contract.
 */
export interface CoreContext {
  deps: HandlerDeps;
  study: StudySession;
  recent: RecentStudies;
  /** Called by lockAll(); domains with secrets of their own (the vault) register here. */
  onLock: ((reason: 'idle' | 'os' | 'user') => void)[];
  /** The ID-keeper's vault, for domains that need it unlocked (export pseudonyms, match assistant). */
  vault?: VaultAccess;
}
