import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import { call } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { SelectField } from './fields';
import { useVaultError } from './vaultErrors';

type Keepers = MethodOutput<'vault.keepers.list'>['keepers'];
const SOMEONE_ELSE = '';

/**
 * Who is working, in the vault's header: "Working as Amina", and a way for a colleague to take over
 * the unlocked vault by choosing their name from the vault's list of ID-keepers (or adding it).
 * The change is audited; entries from then on name the new keeper.
 */
export function KeeperSwitch({ acting, onChanged }: { acting: string | null; onChanged(): void }) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const [open, setOpen] = useState(false);
  const [keepers, setKeepers] = useState<Keepers>([]);
  const [chosen, setChosen] = useState(SOMEONE_ELSE);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    void call('vault.keepers.list', {}).then((result) => {
      if (!result.ok) return setError(errorText(result.error));
      const others = result.value.keepers.filter((keeper) => keeper.name !== result.value.acting);
      setKeepers(others);
      setChosen(others[0]?.name ?? SOMEONE_ELSE);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- errorText is a new function each render; the list is read when the form opens
  }, [open]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await call('vault.keepers.act', { name: chosen || typed });
    if (!result.ok) return setError(errorText(result.error));
    setOpen(false);
    setTyped('');
    setError(null);
    onChanged();
  }

  return (
    <div className="keeper-switch">
      {acting && (
        <p className="status-note" data-testid="acting-keeper">
          {t('vault.keepers.acting', { name: acting })}
        </p>
      )}
      {!open ? (
        <button type="button" className="small" onClick={() => setOpen(true)}>
          {t('vault.keepers.change')}
        </button>
      ) : (
        <form className="vault-card keeper-form" aria-labelledby="keeper-heading" onSubmit={submit}>
          <h3 id="keeper-heading">{t('vault.keepers.heading')}</h3>
          <p className="muted">{t('vault.keepers.text')}</p>
          <ErrorAlert message={error} />
          <SelectField label={t('vault.keepers.choose')} value={chosen} onChange={(event) => setChosen(event.target.value)}>
            {keepers.map((keeper) => (
              <option key={keeper.id} value={keeper.name}>
                {keeper.name}
              </option>
            ))}
            <option value={SOMEONE_ELSE}>{t('vault.keepers.someoneElse')}</option>
          </SelectField>
          {chosen === SOMEONE_ELSE && (
            <Field
              label={t('vault.keepers.name')}
              autoComplete="name"
              maxLength={100}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
            />
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={chosen === SOMEONE_ELSE && !typed.trim()}>
              {t('vault.keepers.confirm')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('vault.keepers.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
