import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { StudyState } from '../../../../electron/api/schemas';
import { Field } from '../../components/Field';
import { useErrorText } from '../../i18n';

interface Props {
  path: string;
  submitLabel: string;
  onOpened(state: StudyState): void;
  onCancel?(): void;
  cancelLabel?: string;
}

/** Asks for a study file's passphrase and opens it; a wrong passphrase is shown at the field. */
export function PassphraseForm({ path, submitLabel, onOpened, onCancel, cancelLabel }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await call('study.open', { path, passphrase });
    setBusy(false);
    if (result.ok) {
      setPassphrase('');
      onOpened(result.value);
    } else {
      setError(errorText(result.error));
    }
  }

  return (
    <form onSubmit={submit} aria-busy={busy}>
      <Field
        label={t('unlock.passphrase')}
        type="password"
        autoComplete="off"
        autoFocus
        value={passphrase}
        error={error}
        onChange={(event) => {
          setPassphrase(event.target.value);
          setError(null);
        }}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || passphrase.length === 0}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {cancelLabel ?? t('unlock.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
