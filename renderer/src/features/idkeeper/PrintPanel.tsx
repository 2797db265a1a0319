import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StudySummary } from '../../../../electron/api/schemas';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/Field';
import { SelectField } from './fields';
import { PrintPreview } from './PrintPreview';
import { usePrintLabels } from './printLabels';
import { useVaultError } from './vaultErrors';

/** The confidential list (ID beside name, for writing IDs on paper forms) and ID slips. */
export function PrintPanel({ summary }: { summary: StudySummary }) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const labels = usePrintLabels();
  const [site, setSite] = useState('');
  const [cohort, setCohort] = useState('');
  const [includeNames, setIncludeNames] = useState(true);
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function open(kind: 'list' | 'slips') {
    const result =
      kind === 'list'
        ? await call('vault.print.list', { site: site || null, cohort: cohort || null, labels })
        : await call('vault.print.slips', { includeNames, labels });
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setHtml(result.value.html);
  }

  return (
    <div>
      <h3>{t('vault.print.heading')}</h3>
      <p className="muted">{t('vault.print.text')}</p>
      <ErrorAlert message={error} />
      <section className="vault-card" aria-labelledby="print-list-heading">
        <h4 id="print-list-heading">{t('vault.print.listHeading')}</h4>
        <div className="vault-grid">
          <SelectField label={t('vault.fields.site')} value={site} onChange={(event) => setSite(event.target.value)}>
            <option value="">{t('vault.print.all')}</option>
            {summary.sites.map((entry) => (
              <option key={entry.code} value={entry.code}>
                {entry.name}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('vault.fields.cohort')} value={cohort} onChange={(event) => setCohort(event.target.value)}>
            <option value="">{t('vault.print.all')}</option>
            {summary.cohorts.map((entry) => (
              <option key={entry.code} value={entry.code}>
                {entry.name}
              </option>
            ))}
          </SelectField>
        </div>
        <button type="button" className="primary" onClick={() => void open('list')}>
          {t('vault.print.openList')}
        </button>
      </section>
      <section className="vault-card" aria-labelledby="print-slips-heading">
        <h4 id="print-slips-heading">{t('vault.print.slipsHeading')}</h4>
        <label className="checkbox">
          <input type="checkbox" checked={includeNames} onChange={(event) => setIncludeNames(event.target.checked)} /> {t('vault.print.includeNames')}
        </label>
        <div className="actions">
          <button type="button" onClick={() => void open('slips')}>
            {t('vault.print.openSlips')}
          </button>
        </div>
      </section>
      {html && <PrintPreview html={html} onClose={() => setHtml(null)} />}
    </div>
  );
}
