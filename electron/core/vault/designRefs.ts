import type { Db } from '../db/open';

/** A study's design as the vault needs it: groups, sites, cohorts and arms by code and by name. */
export interface DesignEntry {
  id: number;
  code: string;
  name: string;
}

export type DesignTable = 'identity_group' | 'site' | 'cohort' | 'arm';

export class DesignRefs {
  private readonly tables: Record<DesignTable, DesignEntry[]>;

  constructor(study: Db) {
    const load = (table: DesignTable) => study.prepare(`SELECT id, code, name FROM ${table} ORDER BY position`).all() as DesignEntry[];
    this.tables = { identity_group: load('identity_group'), site: load('site'), cohort: load('cohort'), arm: load('arm') };
  }

  list(table: DesignTable): readonly DesignEntry[] {
    return this.tables[table];
  }

  /**
   * Finds an entry by its code or its name, ignoring case and surrounding spaces: spreadsheets say
   * "Host society" where the study's code is host. Returns undefined when nothing matches.
   */
  find(table: DesignTable, ref: string): DesignEntry | undefined {
    const wanted = ref.trim().toLowerCase();
    const entries = this.tables[table];
    return entries.find((entry) => entry.code.toLowerCase() === wanted) ?? entries.find((entry) => entry.name.trim().toLowerCase() === wanted);
  }

  nameOf(table: DesignTable, code: string | null): string | null {
    if (code === null) return null;
    return this.tables[table].find((entry) => entry.code === code)?.name ?? code;
  }
}

/** The two arms random assignment uses; a study without them cannot be randomised. */
export const PROGRAMME = 'programme';
export const COMPARISON = 'comparison';
