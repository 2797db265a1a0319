import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import type { StudySummary } from '../../../../electron/api/schemas';
import { call } from '../../api/client';
import { Chart } from '../../components/charts/Chart';
import { attendanceChart } from '../../components/charts/behaviourCharts';
import { ErrorAlert, Field } from '../../components/Field';
import { useErrorText } from '../../i18n';
import { RecordForm } from './RecordForm';
import { formatDay } from '../../format';

type Summary = MethodOutput<'behaviour.summary'>;

/**
 * Behavioural measures beside the survey (toolkit 4.1): who signed up for later mixing events and
 * who came, per arm over time. People are named by ID only.
 */
export function BehaviourSection({ summary }: { summary: StudySummary }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [events, setEvents] = useState<Summary>([]);
  const [draft, setDraft] = useState({ code: '', name: '', heldOn: '' });
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);

  async function load() {
    const result = await call('behaviour.summary', {});
    if (result.ok) setEvents(result.value);
  }
  useEffect(() => {
    void load();
  }, []);

  async function add(event: FormEvent) {
    event.preventDefault();
    const result = await call('behaviour.addEvent', draft);
    if (!result.ok) return setError({ field: result.error.field, text: errorText(result.error) });
    setError(null);
    setDraft({ code: '', name: '', heldOn: '' });
    await load();
  }

  const armName = (code: string | null) => summary.arms.find((arm) => arm.code === code)?.name ?? t('tracking.none');
  const pct = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)} %`);
  const at = (field: string) => (error?.field === field ? error.text : null);

  return (
    <section aria-labelledby="behaviour-heading">
      <h3 id="behaviour-heading">{t('behaviour.heading')}</h3>
      <p className="muted">{t('behaviour.intro')}</p>
      {events.length > 0 && (
        <>
          <table data-testid="behaviour-table">
            <thead>
              <tr>
                <th scope="col">{t('behaviour.event')}</th>
                <th scope="col">{t('behaviour.date')}</th>
                {events[0]!.perArm.map((arm) => (
                  <th scope="col" key={arm.arm ?? 'none'}>
                    {t('behaviour.armColumn', { arm: armName(arm.arm) })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.event}>
                  <th scope="row">{event.name}</th>
                  <td>{formatDay(event.heldOn)}</td>
                  {event.perArm.map((arm) => (
                    <td key={arm.arm ?? 'none'}>
                      {t('behaviour.cell', { signedUp: arm.signedUp, attended: arm.attended, signedShare: pct(arm.signedUp, arm.enrolled), attendedShare: pct(arm.attended, arm.enrolled) })}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <Chart
            title={t('behaviour.chart')}
            fileName="attendance"
            option={attendanceChart(
              events.map((event) => `${formatDay(event.heldOn)} ${event.name}`),
              (events[0]?.perArm ?? []).map((arm, index) => ({
                label: armName(arm.arm),
                signedUp: events.map((event) => share(event.perArm[index]!.signedUp, event.perArm[index]!.enrolled)),
                attended: events.map((event) => share(event.perArm[index]!.attended, event.perArm[index]!.enrolled)),
              })),
              { signedUp: t('behaviour.signedUp'), attended: t('behaviour.attended') },
            )}
          />
          <RecordForm events={events} onSaved={load} />
        </>
      )}
      <form onSubmit={add} className="inline-form" aria-label={t('behaviour.addEvent')}>
        <Field label={t('behaviour.code')} value={draft.code} error={at('code')} onChange={(event) => setDraft({ ...draft, code: event.target.value })} />
        <Field label={t('behaviour.name')} value={draft.name} error={at('name')} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
        <Field label={t('behaviour.date')} type="date" value={draft.heldOn} error={at('heldOn')} onChange={(event) => setDraft({ ...draft, heldOn: event.target.value })} />
        <div className="actions">
          <button type="submit">{t('behaviour.addEvent')}</button>
        </div>
        {error && !['code', 'name', 'heldOn'].includes(error.field ?? '') && <ErrorAlert message={error.text} />}
      </form>
    </section>
  );
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}
