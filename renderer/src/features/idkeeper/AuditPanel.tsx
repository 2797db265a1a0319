import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput, MethodOutput } from '../../../../electron/api/contract';
import { auditSentence, type AuditWords } from '../../../../electron/shared/audit/wording';
import { call } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { formatInstant } from '../../format';
import { auditBreakText } from './auditIntegrity';
import { SelectField } from './fields';
import { useVaultError } from './vaultErrors';

type Audit = MethodOutput<'vault.audit.list'>;
type Filter = Pick<MethodInput<'vault.audit.list'>, 'actions' | 'since' | 'until'>;

/** A local calendar day's start as an instant: the filter's days are the reader's days, not UTC's. */
function dayStart(day: string, plusDays = 0): string | undefined {
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return undefined;
  return new Date(year, month - 1, date + plusDays).toISOString();
}

/**
 * The vault's audit log, newest first, in words: when (in the reader's time zone and language), what
 * happened, which ID-keeper did it and through what, never a participant's name. Filters by kind
 * and by day; saves what is shown as a CSV. The core checks the chain each time the log is listed;
 * a break is shown first, naming the entry, before the log.
 */
export function AuditPanel() {
  const { t, i18n } = useTranslation();
  const errorText = useVaultError();
  const [audit, setAudit] = useState<Audit | null>(null);
  const [kind, setKind] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ path: string; count: number } | null>(null);

  const filter: Filter = useMemo(
    () => ({ actions: kind ? [kind] : undefined, since: from ? dayStart(from) : undefined, until: to ? dayStart(to, 1) : undefined }),
    [kind, from, to],
  );

  async function load(before?: number) {
    const result = await call('vault.audit.list', { limit: 100, before, ...filter });
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setAudit((current) => (before && current ? { ...result.value, entries: [...current.entries, ...result.value.entries] } : result.value));
  }

  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reloads when the filter changes; load reads it
  }, [filter]);

  async function save() {
    setSaved(null);
    const result = await call('vault.audit.export', filter);
    if (!result.ok) return setError(errorText(result.error));
    if (result.value.path) setSaved({ path: result.value.path, count: result.value.count });
    // The saving itself is a new entry.
    await load();
  }

  const words: AuditWords | null = useMemo(() => {
    if (!audit) return null;
    const waves = new Map(audit.waves.map((wave) => [wave.position, wave.label]));
    return { t: (key, params) => t(key, params), has: (key) => i18n.exists(key), waveLabel: (position) => waves.get(position) ?? null };
  }, [audit, t, i18n]);

  if (!audit || !words) return <ErrorAlert message={error} />;
  const broken = auditBreakText(t, audit.integrity);
  const kindLabel = (action: string) => t(`vault.auditActions.${action}`, { defaultValue: action.replace(/_/g, ' ') });
  const filtered = Boolean(kind || from || to);
  return (
    <div>
      <h3>{t('vault.audit.heading')}</h3>
      {broken ? (
        <div className="alert" role="alert" data-testid="audit-broken">
          <p>{broken}</p>
          <p>{t('vault.audit.brokenAdvice')}</p>
        </div>
      ) : (
        <p className="muted" data-testid="audit-verified">
          {t('vault.audit.verified', { count: audit.integrity.entries })}
        </p>
      )}
      <p className="muted">{t('vault.audit.text', { count: audit.total })}</p>
      <ErrorAlert message={error} />
      <div className="audit-filters" role="group" aria-label={t('vault.audit.filters')}>
        <SelectField label={t('vault.audit.kind')} value={kind} onChange={(event) => setKind(event.target.value)}>
          <option value="">{t('vault.audit.allKinds')}</option>
          {audit.kinds.map((action) => (
            <option key={action} value={action}>
              {kindLabel(action)}
            </option>
          ))}
        </SelectField>
        <Field
          label={t('vault.audit.from')}
          type="date"
          value={from}
          max={to || undefined}
          onChange={(event) => setFrom(event.target.value)}
        />
        <Field label={t('vault.audit.to')} type="date" value={to} min={from || undefined} onChange={(event) => setTo(event.target.value)} />
        {filtered && (
          <button type="button" onClick={() => [setKind, setFrom, setTo].forEach((clear) => clear(''))}>
            {t('vault.audit.clearFilters')}
          </button>
        )}
      </div>
      <div className="actions">
        <p className="muted" role="status">
          {t('vault.audit.matching', { count: audit.matching })}
        </p>
        <button type="button" disabled={audit.matching === 0} onClick={() => void save()}>
          {t('vault.audit.export')}
        </button>
      </div>
      <p className="hint">{t('vault.audit.exportHint')}</p>
      {saved && <p role="status">{t('vault.audit.exported', { count: saved.count, path: saved.path })}</p>}
      <table data-testid="audit-log" className="audit-log">
        <thead>
          <tr>
            <th scope="col">{t('vault.audit.when')}</th>
            <th scope="col">{t('vault.audit.happened')}</th>
            <th scope="col">{t('vault.audit.keeper')}</th>
            <th scope="col">{t('vault.audit.through')}</th>
          </tr>
        </thead>
        <tbody>
          {audit.entries.map((entry) => (
            <tr key={entry.seq}>
              <td className="nowrap">{formatInstant(entry.at)}</td>
              <td>{auditSentence(entry, words)}</td>
              <td>{entry.keeper ?? <span className="muted">{t('vault.audit.keeperUnknown')}</span>}</td>
              <td>{typeof entry.detail.client === 'string' ? t(`vault.clients.${entry.detail.client}`) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {audit.entries.length < audit.matching && (
        <div className="actions">
          <button type="button" onClick={() => void load(audit.entries.at(-1)?.seq)}>
            {t('vault.audit.more')}
          </button>
        </div>
      )}
    </div>
  );
}
