import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppSettings } from '../../api/schemas';

/** Fifteen minutes without a call from the person at the keyboard locks the study (issue 22, point 6). */
export const DEFAULT_APP_SETTINGS: AppSettings = { studyIdleLockSeconds: 900, entrySound: false };
/** The bounds the contract enforces; a hand-edited file outside them falls back to the default. */
export const STUDY_IDLE_LOCK_MIN_SECONDS = 1;
export const STUDY_IDLE_LOCK_MAX_SECONDS = 86_400;

/**
 * This computer's settings, in the app's data folder beside recent-studies.json. The study's idle
 * lock lives here, not in the study file, because how long an unattended screen may stay open
 * depends on where this laptop stands (a field office's shared table or a locked room), not on
 * the study: the same file is keyed on several laptops. It is also needed while no study is open
 * or the study is locked, and changing it writes nothing into a study the team shares. (The
 * vault's own timeout lives in the vault: the ID-keeper sets it for their secrets.) The file holds
 * numbers and switches only, nothing about a study or a person.
 */
export class AppSettingsFile {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'app-settings.json');
  }

  read(): AppSettings {
    let parsed: Partial<Record<keyof AppSettings, unknown>> = {};
    try {
      const value = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (value && typeof value === 'object') parsed = value;
    } catch {
      // A missing or unreadable file means the defaults; it holds nothing that cannot be set again.
    }
    const seconds = parsed.studyIdleLockSeconds;
    const valid =
      typeof seconds === 'number' &&
      Number.isInteger(seconds) &&
      seconds >= STUDY_IDLE_LOCK_MIN_SECONDS &&
      seconds <= STUDY_IDLE_LOCK_MAX_SECONDS;
    return {
      studyIdleLockSeconds: valid ? seconds : DEFAULT_APP_SETTINGS.studyIdleLockSeconds,
      // Whether the keying grid beeps on a refused key: how loud a field office may be is this laptop's business.
      entrySound: typeof parsed.entrySound === 'boolean' ? parsed.entrySound : DEFAULT_APP_SETTINGS.entrySound,
    };
  }

  write(changes: Partial<AppSettings>): AppSettings {
    const next = { ...this.read(), ...changes };
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(next, null, 2));
    renameSync(temporary, this.file);
    return next;
  }
}
