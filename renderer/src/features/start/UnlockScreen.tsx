import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { StudyState } from '../../../../electron/api/schemas';
import type { LockReason } from '../../App';
import { PassphraseForm } from './PassphraseForm';

interface Props {
  state: Extract<StudyState, { status: 'locked' }>;
  reason: LockReason;
  onUnlocked(state: StudyState): void;
  onClosed(state: StudyState): void;
}

/** Shown while a study is locked: nothing of the study is on screen, only its file name. */
export function UnlockScreen({ state, reason, onUnlocked, onClosed }: Props) {
  const { t } = useTranslation();
  async function close() {
    const result = await call('study.close', {});
    if (result.ok) onClosed(result.value);
  }
  return (
    <main id="main" className="narrow">
      {/* Focus goes straight to the passphrase field (autoFocus): unlocking is the only thing to do here. */}
      <h1>{t('unlock.lockedHeading', { file: state.fileName })}</h1>
      {reason === 'os' && <p className="notice">{t('study.lockedByOs')}</p>}
      {reason === 'idle' && <p className="notice">{t('study.lockedByIdle')}</p>}
      <PassphraseForm
        path={state.path}
        submitLabel={t('unlock.unlock')}
        onOpened={onUnlocked}
        onCancel={close}
        cancelLabel={t('unlock.closeStudy')}
      />
    </main>
  );
}
