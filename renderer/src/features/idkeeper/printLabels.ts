import { useTranslation } from 'react-i18next';

/** The printouts' wording, translated here and passed to the core, which builds the documents. */
const LABEL_KEYS = [
  'confidential',
  'listTitle',
  'listWarning',
  'slipsTitle',
  'study',
  'printedAt',
  'id',
  'name',
  'group',
  'site',
  'cohort',
  'count',
  'recoveryTitle',
  'recoveryIntro',
  'recoveryKeep',
  'recoveryKey',
  'vaultFile',
  'createdAt',
  'followUpTitle',
  'followUpWarning',
  'wave',
  'phone',
  'email',
  'arm',
  'due',
  'missing',
  'daysOverdue',
  'reached',
  'lastCall',
  'nextAttempt',
  'callDate',
  'callOutcome',
  'callNext',
  'outcomeKeys',
  'outcome_reached',
  'outcome_no_answer',
  'outcome_wrong_number',
  'outcome_refused',
  'outcome_moved_away',
  'outcome_will_come',
] as const;

export function usePrintLabels(): Record<string, string> {
  const { t } = useTranslation();
  return Object.fromEntries(LABEL_KEYS.map((key) => [key, t(`vault.printLabels.${key}`)]));
}
