import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';

type Table = MethodOutput<'vault.assignment.table'>;
export type Preview = MethodOutput<'vault.assign.preview'>;

/**
 * An assignment computed and not yet written: per identity group x site what each arm has now and
 * what it would get, the toolkit's 2 x 2 table (arm x group) after it with each group's balance,
 * and the seed that reproduces it. Confirming writes exactly this (the core checks the roster has
 * not changed since).
 */
export function AssignmentPreview({
  table,
  preview,
  busy,
  onConfirm,
  onDiscard,
}: {
  table: Table;
  preview: Preview;
  busy: boolean;
  onConfirm(): void;
  onDiscard(): void;
}) {
  const { t } = useTranslation();
  const groupName = (code: string) => table.groups.find((group) => group.code === code)?.name ?? code;
  const siteName = (code: string | null) => table.sites.find((site) => site.code === code)?.name ?? t('vault.none');
  const armName = (code: 'programme' | 'comparison') => table.arms.find((arm) => arm.code === code)?.name ?? code;
  const strata = preview.strata.filter((stratum) => stratum.toProgramme + stratum.toComparison > 0);
  const after = (group: string, arm: 'programme' | 'comparison') =>
    preview.strata
      .filter((stratum) => stratum.identityGroup === group)
      .reduce((sum, stratum) => sum + stratum[arm] + (arm === 'programme' ? stratum.toProgramme : stratum.toComparison), 0);
  const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

  return (
    <section className="confirm" aria-labelledby="assignment-preview-heading" data-testid="assignment-preview">
      <h4 id="assignment-preview-heading">{t('vault.assignment.previewHeading')}</h4>
      <p data-testid="preview-seed">{t('vault.assignment.previewSeed', { seed: preview.seed })}</p>
      <p>{t('vault.assignment.previewCount', { count: preview.count })}</p>
      <table data-testid="preview-strata">
        <thead>
          <tr>
            <th scope="col">{t('vault.fields.identityGroup')}</th>
            <th scope="col">{t('vault.fields.site')}</th>
            {(['programme', 'comparison'] as const).map((arm) => (
              <th scope="col" key={arm}>
                {armName(arm)}: {t('vault.assignment.previewNow')} / {t('vault.assignment.previewAdds')} /{' '}
                {t('vault.assignment.previewAfter')}
              </th>
            ))}
            <th scope="col">{t('vault.assignment.balance')}</th>
          </tr>
        </thead>
        <tbody>
          {strata.map((stratum) => (
            <tr key={`${stratum.identityGroup}|${stratum.site}`}>
              <td>{groupName(stratum.identityGroup)}</td>
              <td>{siteName(stratum.site)}</td>
              <td className="number">
                {stratum.programme} / +{stratum.toProgramme} / {stratum.programme + stratum.toProgramme}
              </td>
              <td className="number">
                {stratum.comparison} / +{stratum.toComparison} / {stratum.comparison + stratum.toComparison}
              </td>
              <td className="number">{signed(stratum.programme + stratum.toProgramme - stratum.comparison - stratum.toComparison)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h5>{t('vault.assignment.design')}</h5>
      <table data-testid="preview-design">
        <thead>
          <tr>
            <th scope="col">{t('vault.fields.arm')}</th>
            {table.groups.map((group) => (
              <th scope="col" key={group.code}>
                {group.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {/* The arms in the order of the table above, so the two tables read alike. */}
          {table.arms
            .map(({ code }) => code as 'programme' | 'comparison')
            .map((arm) => (
              <tr key={arm}>
                <th scope="row">{armName(arm)}</th>
                {table.groups.map((group) => (
                  <td key={group.code} className="number">
                    {t('vault.assignment.cell', { count: after(group.code, arm), goal: table.goal })}
                  </td>
                ))}
              </tr>
            ))}
          <tr>
            <th scope="row">{t('vault.assignment.balance')}</th>
            {table.groups.map((group) => (
              <td key={group.code} className="number">
                {signed(after(group.code, 'programme') - after(group.code, 'comparison'))}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={onConfirm}>
          {t('vault.assignment.confirm')}
        </button>
        <button type="button" disabled={busy} onClick={onDiscard}>
          {t('vault.assignment.discard')}
        </button>
      </div>
    </section>
  );
}
