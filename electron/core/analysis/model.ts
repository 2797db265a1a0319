/**
 * What the analysis reads from a study, in plain data: loaded from SQLite (load.ts) or from the R
 * fixtures' CSV (fixtures.ts), so every computation is a pure function of it.
 */

export interface Coded {
  code: string;
  name: string;
}

export interface ScaleItem {
  code: string;
  min: number;
  max: number;
  /** Recoded as min + max - value before averaging. */
  reverseKeyed: boolean;
  /** How charts name it: the words its versions share (shared/analysis/itemWording.ts); the code when unknown. */
  wording?: string;
}

export interface Scale {
  /** The concept's code (item.concept). */
  concept: string;
  name: string;
  /** The item bank's "highScoreMeans", when the concept is the toolkit's. */
  highScoreMeans: string | null;
  items: ScaleItem[];
}

export interface Respondent {
  id: string;
  group: string;
  /** Null when no arm was assigned: such respondents count for reliability only. */
  arm: string | null;
  /** The site's code, for standard errors clustered by site; null or absent in a study without sites. */
  site?: string | null;
}

/** One questionnaire: only valid numeric answers (in the item's range, not a missing code). */
export interface ResponseRecord {
  participant: string;
  wave: string;
  version: string;
  answers: ReadonlyMap<string, number>;
}

export interface AnalysisData {
  groups: Coded[];
  arms: Coded[];
  waves: { code: string; label: string }[];
  scales: Scale[];
  respondents: Respondent[];
  responses: ResponseRecord[];
  /** Setting scale.min_answered_share: the share of a scale's items that must be answered for a score. */
  minAnsweredShare: number;
}

export interface AnalysisOptions {
  /** Concept codes; default every scale the study asks. */
  scales?: string[];
  /** Wave codes in order; the first is the baseline. Default: every wave. */
  waves?: string[];
  /** The arm whose change is compared with every other arm's; default the first arm. */
  programmeArm?: string;
  /** Overrides the study's setting for this run. */
  minAnsweredShare?: number;
}

/** Cells smaller than the toolkit's balanced design (30 per identity group x arm) are flagged. */
export const SMALL_CELL = 30;
/** Alpha below this is flagged as low reliability. */
export const ALPHA_WARNING = 0.6;
/** No Cronbach's alpha on fewer complete questionnaires than this: it would say nothing about the scale. */
export const RELIABILITY_MINIMUM = 10;
