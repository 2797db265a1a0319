import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput, MethodOutput, MethodName } from '../../../../../electron/api/contract';
import type { QuestionnaireView } from '../../../../../electron/api/contracts/questionnaires';
import { call, type ApiError } from '../../../api/client';
import { ErrorAlert } from '../../../components/Field';
import { useApiError } from '../useApiError';
import { ItemPicker } from './ItemPicker';
import { OwnItemForm } from './OwnItemForm';
import { TranslationsEditor } from './TranslationsEditor';
import { VersionsPanel } from './VersionsPanel';

export type Bank = MethodOutput<'questionnaire.bank'>;
type ViewMethod = 'questionnaire.saveSelection' | 'questionnaire.addOwnItem' | 'questionnaire.updateOwnItem' | 'questionnaire.removeOwnItem' | 'questionnaire.removeVersion';
/** Runs a builder edit; on success the screen takes the core's new view, on failure the error comes back. */
export type RunBuilder = <N extends ViewMethod & MethodName>(name: N, input: MethodInput<N>) => Promise<ApiError | null>;

/** The questionnaire builder: items, own items, translations and one version per group and language. */
export function QuestionnaireScreen() {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [bank, setBank] = useState<Bank | null>(null);
  const [view, setView] = useState<QuestionnaireView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    void Promise.all([call('questionnaire.bank', {}), call('questionnaire.get', {})]).then(([bankResult, viewResult]) => {
      if (bankResult.ok) setBank(bankResult.value);
      if (viewResult.ok) setView(viewResult.value);
      const failed = !bankResult.ok ? bankResult.error : !viewResult.ok ? viewResult.error : null;
      if (failed) setLoadError(errorText(failed));
    });
    // Loaded once per visit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const run: RunBuilder = useCallback(async (name, input) => {
    const result = await call(name, input);
    if (!result.ok) return result.error;
    setView(result.value as QuestionnaireView);
    return null;
  }, []);

  if (!bank || !view) return loadError ? <ErrorAlert message={loadError} /> : <p className="loading">{t('app.working')}</p>;
  return (
    <div>
      <ItemPicker bank={bank} view={view} run={run} />
      <OwnItemForm view={view} run={run} />
      <TranslationsEditor view={view} onView={setView} />
      <VersionsPanel view={view} onView={setView} />
    </div>
  );
}
