import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultPerson } from '../../../../electron/api/contracts/vault';
import type { StudySummary } from '../../../../electron/api/schemas';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/Field';
import { PersonDetail } from './PersonDetail';
import { spaced } from './fields';
import { useVaultError } from './vaultErrors';

/** Everyone in the vault, searchable by name, ID, phone or e-mail; each listing is audited by the core. */
export function PeoplePanel({ summary, onChanged }: { summary: StudySummary; onChanged(): void }) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<'all' | VaultPerson['status']>('active');
  const [people, setPeople] = useState<VaultPerson[] | null>(null);
  const [total, setTotal] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Read when the list loads: it reloads on submit, not on every keystroke (each listing is audited).
  const searchRef = useRef(search);
  searchRef.current = search;
  const errorRef = useRef(errorText);
  errorRef.current = errorText;

  const load = useCallback(async () => {
    const result = await call('vault.people.list', { search: searchRef.current.trim() || undefined, status });
    if (!result.ok) return setError(errorRef.current(result.error));
    setError(null);
    setPeople(result.value.people);
    setTotal(result.value.total);
  }, [status]);

  useEffect(() => {
    void load();
  }, [load]);

  const name = (table: 'identityGroups' | 'sites' | 'arms', code: string | null) => summary[table].find((entry) => entry.code === code)?.name ?? code ?? '';

  return (
    <div>
      <form
        className="inline-form"
        role="search"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void load();
        }}
      >
        <div className="field">
          <label htmlFor="vault-search">{t('vault.people.search')}</label>
          <input id="vault-search" type="search" value={search} autoComplete="off" onChange={(event) => setSearch(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="vault-status">{t('vault.people.status')}</label>
          <select id="vault-status" value={status} onChange={(event) => setStatus(event.target.value as typeof status)}>
            {(['active', 'withdrawn', 'identity_erased', 'all'] as const).map((value) => (
              <option key={value} value={value}>
                {t(`vault.statuses.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('vault.people.find')}</button>
      </form>
      <ErrorAlert message={error} />
      {people && (
        <p className="muted">{t('vault.people.count', { shown: people.length, total })}</p>
      )}
      {people && people.length > 0 && (
        <table data-testid="vault-people">
          <thead>
            <tr>
              <th scope="col">{t('vault.fields.id')}</th>
              <th scope="col">{t('vault.fields.name')}</th>
              <th scope="col">{t('vault.fields.identityGroup')}</th>
              <th scope="col">{t('vault.fields.site')}</th>
              <th scope="col">{t('vault.fields.arm')}</th>
              <th scope="col">{t('vault.people.status')}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.id} aria-selected={selected === person.id}>
                <td className="id-cell">{spaced(person.id)}</td>
                <td>
                  <button type="button" className="link" onClick={() => setSelected(person.id)}>
                    {person.name ?? t('vault.people.erasedName')}
                  </button>
                </td>
                <td>{name('identityGroups', person.identityGroup)}</td>
                <td>{name('sites', person.site)}</td>
                <td>{person.arm ? name('arms', person.arm) : t('vault.people.unassigned')}</td>
                <td>{t(`vault.statuses.${person.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && (
        <PersonDetail
          id={selected}
          summary={summary}
          onClose={() => setSelected(null)}
          onChanged={() => {
            onChanged();
            void load();
          }}
        />
      )}
    </div>
  );
}
