import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import { call } from '../../api/client';
import { auditBreakText } from './auditIntegrity';
import { formatInstant } from '../../format';

type Audit = MethodOutput<'vault.audit.list'>;

/**
 * The vault's audit log, newest first: what was done and when, never whose name. The core checks
 * the log's chain each time it is listed; a break is shown first, naming the entry, before the log.
 */
export function AuditPanel() {
  const { t } = useTranslation();
  const [audit, setAudit] = useState<Audit | null>(null);

  async function load(before?: number) {
    const result = await call('vault.audit.list', { limit: 100, before });
    if (!result.ok) return;
    setAudit((current) => (before && current ? { ...result.value, entries: [...current.entries, ...result.value.entries] } : result.value));
  }

  useEffect(() => {
    void load();
  }, []);

  if (!audit) return null;
  const broken = auditBreakText(t, audit.integrity);
  const valueText = (value: unknown): string =>
    Array.isArray(value)
      ? value.join(', ')
      : typeof value === 'string' && /^[a-z_]+$/.test(value)
        ? t(`vault.auditValues.${value}`, { defaultValue: value })
        : typeof value === 'boolean'
          ? t(value ? 'vault.yes' : 'vault.no')
          : String(value);
  const detailText = (detail: Record<string, unknown>) =>
    Object.entries(detail)
      // A regular backup says nothing about restores: only the copy made before one is worth a word.
      .filter(([key, value]) => key !== 'client' && !(key === 'pre_restore' && value === false))
      .map(([key, value]) => `${t(`vault.auditKeys.${key}`, { defaultValue: key })}: ${valueText(value)}`)
      .join(' · ');
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
      <table data-testid="audit-log">
        <thead>
          <tr>
            <th scope="col">{t('vault.audit.when')}</th>
            <th scope="col">{t('vault.audit.what')}</th>
            <th scope="col">{t('vault.audit.details')}</th>
            <th scope="col">{t('vault.audit.via')}</th>
          </tr>
        </thead>
        <tbody>
          {audit.entries.map((entry) => (
            <tr key={entry.seq}>
              <td>{formatInstant(entry.at)}</td>
              <td>{t(`vault.auditActions.${entry.action}`, { defaultValue: entry.action })}</td>
              <td>{detailText(entry.detail)}</td>
              <td>{typeof entry.detail.client === 'string' ? t(`vault.clients.${entry.detail.client}`) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {audit.entries.length < audit.total && (
        <div className="actions">
          <button type="button" onClick={() => void load(audit.entries.at(-1)?.seq)}>
            {t('vault.audit.more')}
          </button>
        </div>
      )}
    </div>
  );
}
