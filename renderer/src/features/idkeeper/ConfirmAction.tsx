import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field';

interface Props {
  id: string;
  label: string;
  explanation: string;
  extra?: ReactNode;
  onConfirm(confirmId: string): Promise<void>;
}

/**
 * A consequential action (withdraw, erase) behind a confirmation: the ID must be typed again,
 * which the core checks too, so a misplaced click can never erase anyone.
 */
export function ConfirmAction({ id, label, explanation, extra, onConfirm }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  }
  const normalised = typed.replace(/\s/g, '');
  return (
    <div className="confirm" role="group" aria-label={label}>
      <p>{explanation}</p>
      {extra}
      <Field label={t('vault.confirm.typeId')} value={typed} inputMode="numeric" autoComplete="off" onChange={(event) => setTyped(event.target.value)} />
      <div className="actions">
        <button
          type="button"
          className="danger"
          disabled={busy || normalised !== id}
          onClick={async () => {
            setBusy(true);
            await onConfirm(normalised);
            setBusy(false);
            setOpen(false);
            setTyped('');
          }}
        >
          {t('vault.confirm.do', { action: label })}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('vault.detail.cancel')}
        </button>
      </div>
    </div>
  );
}
