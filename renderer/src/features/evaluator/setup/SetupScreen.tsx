import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetupView } from '../../../../../electron/api/contracts/setup';
import type { MethodInput, MethodName } from '../../../../../electron/api/contract';
import { call, type ApiError } from '../../../api/client';
import { ErrorAlert } from '../../../components/Field';
import { useApiError } from '../useApiError';
import { CodedEditor } from './CodedEditor';
import { GroupFormsEditor } from './GroupFormsEditor';
import { GroupsEditor } from './GroupsEditor';
import { StudyForm } from './StudyForm';
import { WavesEditor } from './WavesEditor';

/** Runs one setup edit; on success the screen takes the core's new view, on failure the error comes back. */
export type RunSetup = <N extends MethodName & `setup.${string}`>(name: N, input: MethodInput<N>) => Promise<ApiError | null>;

/** Study setup: the design the toolkit asks for, editable where no data would be orphaned. */
export function SetupScreen() {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [view, setView] = useState<SetupView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    void call('setup.get', {}).then((result) => (result.ok ? setView(result.value) : setLoadError(errorText(result.error))));
    // errorText is stable in meaning; loading once per visit is what is wanted.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const run: RunSetup = useCallback(async (name, input) => {
    const result = await call(name, input);
    if (!result.ok) return result.error;
    setView(result.value as SetupView);
    return null;
  }, []);

  if (!view) return loadError ? <ErrorAlert message={loadError} /> : <p className="loading">{t('app.working')}</p>;
  return (
    <div>
      <StudyForm view={view} run={run} />
      <GroupsEditor groups={view.groups} run={run} />
      <GroupFormsEditor view={view} run={run} />
      <CodedEditor table="arm" rows={view.arms} run={run} />
      <CodedEditor table="site" rows={view.sites} run={run} />
      <CodedEditor table="cohort" rows={view.cohorts} run={run} />
      <WavesEditor waves={view.waves} run={run} />
    </div>
  );
}
