import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RecentStudy } from '../../api/schemas';

const MAX_RECENT = 10;

/**
 * The list of recently opened study files, kept in the app's data folder. It stores paths and
 * times only: a study's name lives inside its encrypted file and is not copied out here.
 */
export class RecentStudies {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'recent-studies.json');
  }

  list(): RecentStudy[] {
    return this.read().map((entry) => ({ ...entry, fileName: basename(entry.path), exists: existsSync(entry.path) }));
  }

  /** False until the first study is opened: the app then shows the demo straight away. */
  hasHistory(): boolean {
    return existsSync(this.file);
  }

  remember(path: string, now = new Date()): void {
    const others = this.read().filter((entry) => entry.path !== path);
    this.write([{ path, lastOpenedAt: now.toISOString() }, ...others].slice(0, MAX_RECENT));
  }

  forget(path: string): void {
    this.write(this.read().filter((entry) => entry.path !== path));
  }

  private read(): { path: string; lastOpenedAt: string }[] {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (entry): entry is { path: string; lastOpenedAt: string } =>
          typeof entry?.path === 'string' && typeof entry?.lastOpenedAt === 'string',
      );
    } catch {
      // A missing or unreadable list is an empty list; it holds nothing that cannot be rebuilt.
      return [];
    }
  }

  private write(entries: { path: string; lastOpenedAt: string }[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(entries, null, 2));
    renameSync(temporary, this.file);
  }
}
