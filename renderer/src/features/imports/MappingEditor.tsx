import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import type { ImportMapping } from '../../../../electron/api/contracts/imports';
import { plainWording } from '../../components/plainWording';

type Preview = MethodOutput<'imports.preview'>;
type MatchField = keyof ImportMapping['match'];
const MATCH_FIELDS: readonly MatchField[] = ['email', 'phone', 'birthYear', 'initials'];

/**
 * The column mapping of a preview: which column holds the ID, which feeds each item, which the
 * match assistant may read, and the codes of exported labels. Every change is checked again at once.
 */
export function MappingEditor({ preview, onChange }: { preview: Preview; onChange(mapping: ImportMapping): void }) {
  const { t } = useTranslation();
  const mapping = preview.mapping;
  const itemOf = (header: string) => mapping.columns[header] ?? '';

  function setItem(header: string, itemCode: string) {
    const columns = Object.fromEntries(Object.entries(mapping.columns).filter(([key]) => key !== header));
    if (itemCode) columns[header] = itemCode;
    onChange({ ...mapping, columns });
  }

  function setMatch(field: MatchField, header: string) {
    const match = { ...mapping.match };
    if (header) match[field] = header;
    else delete match[field];
    onChange({ ...mapping, match });
  }

  function setRecode(itemCode: string, label: string, code: string) {
    const table = { ...(mapping.recode[itemCode] ?? {}) };
    const number = Number.parseInt(code, 10);
    if (code.trim() === '' || Number.isNaN(number)) delete table[label];
    else table[label] = number;
    onChange({ ...mapping, recode: { ...mapping.recode, [itemCode]: table } });
  }

  const headerOptions = preview.headers.filter((header) => header !== '');
  return (
    <details open className="imports-mapping-editor">
      <summary>{t('imports.mapping.heading')}</summary>
      <div className="imports-mapping">
        <div className="field">
          <label htmlFor="imports-id-column">{t('imports.mapping.idColumn')}</label>
          <select id="imports-id-column" value={mapping.idColumn ?? ''} onChange={(event) => onChange({ ...mapping, idColumn: event.target.value || null })}>
            <option value="">{t('imports.mapping.noId')}</option>
            {headerOptions.map((header) => (
              <option key={header} value={header}>
                {header}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="imports-skip-rows">{t('imports.mapping.skipRows')}</label>
          <input id="imports-skip-rows" type="number" min={0} max={10} value={mapping.skipRows} onChange={(event) => onChange({ ...mapping, skipRows: Math.min(10, Math.max(0, Number(event.target.value) || 0)) })} />
        </div>
        {MATCH_FIELDS.map((field) => (
          <div className="field" key={field}>
            <label htmlFor={`imports-match-${field}`}>{t(`imports.mapping.match.${field}`)}</label>
            <select id={`imports-match-${field}`} value={mapping.match[field] ?? ''} onChange={(event) => setMatch(field, event.target.value)}>
              <option value="">{t('imports.mapping.none')}</option>
              {headerOptions.map((header) => (
                <option key={header} value={header}>
                  {header}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <h4>{t('imports.mapping.columns')}</h4>
      <div className="imports-mapping">
        {headerOptions
          .filter((header) => header !== mapping.idColumn && !Object.values(mapping.match).includes(header))
          .map((header, index) => (
            <div className="field" key={header}>
              <label htmlFor={`imports-column-${index}`}>{header}</label>
              <select id={`imports-column-${index}`} value={itemOf(header)} onChange={(event) => setItem(header, event.target.value)}>
                <option value="">{t('imports.mapping.notImported')}</option>
                {preview.items.map((item) => (
                  <option key={item.code} value={item.code}>
                    {`${item.code} · ${plainWording(item.wording).slice(0, 60)}`}
                  </option>
                ))}
              </select>
            </div>
          ))}
      </div>
      {preview.unrecoded.length > 0 && (
        <>
          <h4>{t('imports.mapping.recode')}</h4>
          <p className="muted">{t('imports.mapping.recodeHint')}</p>
          <div className="imports-mapping" data-testid="import-recode">
            {preview.unrecoded.flatMap((entry) =>
              entry.labels.map((label) => (
                <div className="field" key={`${entry.itemCode}:${label}`}>
                  <label htmlFor={`imports-recode-${entry.itemCode}-${label}`}>{`${entry.itemCode}: ${label}`}</label>
                  <input
                    id={`imports-recode-${entry.itemCode}-${label}`}
                    inputMode="numeric"
                    defaultValue=""
                    onBlur={(event) => setRecode(entry.itemCode, label, event.target.value)}
                  />
                </div>
              )),
            )}
          </div>
        </>
      )}
    </details>
  );
}
