import { useEffect, useState } from 'react';
import { formatId } from '../../../../electron/shared/ids/format';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { MethodOutput } from '../../../../electron/api/contract';
import { ErrorAlert, Field } from '../../components/Field';
import { useFocusHeading } from '../../components/useFocusHeading';
import type { CellValue } from '../../../../electron/shared/entry/rules';
import { useCellLabel, useEntryErrorText } from './entryText';
import type { SheetData } from './gridModel';
import { MISSING_KEYS } from './keys';
import { Wording } from '../../components/Wording';

type Comparison = MethodOutput<'entry.compare'>;
type Disagreement = Comparison['disagreements'][number];

/** Reads the "other value" box: a number, S/R/D for a missing answer, or written text. */
function parseOther(raw: string, isText: boolean): CellValue | null {
  const text = raw.trim();
  if (!text) return null;
  const missing = text.length === 1 ? MISSING_KEYS[text.toLowerCase()] : undefined;
  if (missing) return { missing };
  if (isText) return { text };
  return /^-?\d+$/.test(text) ? Number(text) : { text };
}

/**
 * Double entry: every place where the blind second keying differs from the first, to be checked
 * against the paper form. Choosing a value records it with the chooser's name and makes it the
 * study's data; the batch is verified when none is left open.
 */
export function ComparePanel({ batchId, onBack }: { batchId: number; onBack(): void }) {
  const { t } = useTranslation();
  const errorText = useEntryErrorText();
  const heading = useFocusHeading<HTMLHeadingElement>();
  const [sheet, setSheet] = useState<SheetData | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [chooser, setChooser] = useState('');
  const [chooserError, setChooserError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reopened, setReopened] = useState<Set<string>>(new Set());
  const [others, setOthers] = useState<Record<string, string>>({});
  const cellLabel = useCellLabel();

  useEffect(() => {
    void (async () => {
      const [opened, compared] = await Promise.all([call('entry.batch.open', { batchId }), call('entry.compare', { batchId })]);
      if (opened.ok) setSheet(opened.value);
      if (compared.ok) setComparison(compared.value);
      else setError(errorText(compared.error));
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loads once per batch
  }, [batchId]);

  const keyOf = (d: Disagreement) => `${d.participantId}/${d.itemCode ?? ''}`;
  const items = new Map((sheet?.items ?? []).map((item) => [item.code, item]));

  async function resolve(d: Disagreement, final: CellValue | null) {
    if (!chooser.trim()) return setChooserError(t('entry.errors.entryChooserMissing'));
    setChooserError(null);
    const result = await call('entry.resolve', { batchId, participantId: d.participantId, itemCode: d.itemCode, final, chosenBy: chooser });
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setComparison(result.value);
    setReopened((previous) => new Set([...previous].filter((key) => key !== keyOf(d))));
  }

  const label = sheet?.batch.label ?? '';
  return (
    <section aria-labelledby="compare-heading" className="entry-compare">
      <div className="entry-grid-header">
        <h2 id="compare-heading" ref={heading} tabIndex={-1}>
          {t('entry.compare.heading', { label })}
        </h2>
        <button type="button" onClick={onBack}>
          {t('entry.compare.back')}
        </button>
      </div>
      <ErrorAlert message={error} />
      {comparison && comparison.secondBatchId === null && <p>{t('entry.compare.noSecond')}</p>}
      {comparison && comparison.secondBatchId !== null && (
        <>
          <p data-testid="compare-summary">
            {t('entry.compare.summary', {
              forms: t('entry.counts.forms', { count: comparison.formsCompared }),
              cells: t('entry.counts.answers', { count: comparison.cellsCompared }),
              disagreements: t('entry.counts.disagreements', { count: comparison.disagreements.length }),
              unresolved: comparison.unresolved,
            })}
          </p>
          <p role="status" className={comparison.verified ? 'entry-verified' : 'muted'}>
            {comparison.verified ? t('entry.compare.verified') : t('entry.compare.notVerified')}
          </p>
          {comparison.disagreements.length === 0 ? (
            <p>{t('entry.compare.agree')}</p>
          ) : (
            <>
              <Field label={t('entry.compare.chooser')} value={chooser} error={chooserError} autoComplete="name" onChange={(e) => setChooser(e.target.value)} />
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('entry.compare.id')}</th>
                    <th scope="col">{t('entry.compare.item')}</th>
                    <th scope="col">{t('entry.compare.wording')}</th>
                    <th scope="col">{t('entry.compare.first', { clerk: comparison.firstClerk })}</th>
                    <th scope="col">{t('entry.compare.second', { clerk: comparison.secondClerk ?? '' })}</th>
                    <th scope="col">{t('entry.compare.decision')}</th>
                  </tr>
                </thead>
                <tbody>
                  {comparison.disagreements.map((d) => {
                    const key = keyOf(d);
                    const item = d.itemCode ? items.get(d.itemCode) : undefined;
                    // "Q7 · att3": the number printed on the paper form, then the item's code.
                    const itemName = item ? t('entry.compare.question', { number: item.number, code: item.code }) : (d.itemCode ?? t('entry.compare.form'));
                    const names = { id: formatId(d.participantId), item: itemName };
                    const open = !d.resolution || reopened.has(key);
                    return (
                      <tr key={key} data-disagreement={key}>
                        <th scope="row" className="code">
                          {formatId(d.participantId)}
                        </th>
                        <td className="entry-compare-item">{itemName}</td>
                        <td className="entry-compare-wording">{item && <Wording text={item.wording} />}</td>
                        <td>{d.itemCode ? cellLabel(d.first) : d.presence === 'firstOnly' ? t('entry.compare.firstOnly') : t('entry.none')}</td>
                        <td>{d.itemCode ? cellLabel(d.second) : d.presence === 'secondOnly' ? t('entry.compare.secondOnly') : t('entry.none')}</td>
                        <td>
                          {!open && d.resolution ? (
                            <span className="decision">
                              <span>{t('entry.compare.resolved', { value: d.itemCode ? cellLabel(d.resolution.final) : t('entry.compare.keepFirst'), who: d.resolution.chosenBy })}</span>
                              <button type="button" className="small" onClick={() => setReopened((previous) => new Set([...previous, key]))}>
                                {t('entry.compare.change')}
                              </button>
                            </span>
                          ) : d.itemCode === null ? (
                            <span className="decision">
                              <button type="button" className="small" onClick={() => resolve(d, null)}>
                                {t('entry.compare.keepFirst')}
                              </button>
                              <span className="hint">{t('entry.compare.keyInOther')}</span>
                            </span>
                          ) : (
                            <span className="decision">
                              <button type="button" className="small" aria-label={t('entry.compare.useFirstLabel', { ...names, value: cellLabel(d.first) })} onClick={() => resolve(d, d.first)}>
                                {t('entry.compare.useValue', { value: cellLabel(d.first) })}
                              </button>
                              <button type="button" className="small" aria-label={t('entry.compare.useSecondLabel', { ...names, value: cellLabel(d.second) })} onClick={() => resolve(d, d.second)}>
                                {t('entry.compare.useValue', { value: cellLabel(d.second) })}
                              </button>
                              <input
                                aria-label={t('entry.compare.otherLabel', names)}
                                title={t('entry.compare.otherHint')}
                                placeholder={t('entry.compare.other')}
                                value={others[key] ?? ''}
                                onChange={(e) => setOthers((previous) => ({ ...previous, [key]: e.target.value }))}
                              />
                              <button type="button" className="small" onClick={() => resolve(d, parseOther(others[key] ?? '', item?.kind === 'text'))}>
                                {t('entry.compare.useOther')}
                              </button>
                            </span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}
