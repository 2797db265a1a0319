import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/Field';
import { useErrorText } from '../../i18n';
import { formatDay } from '../../format';

/** IDs as typed from a paper sign-up or attendance sheet: separated by spaces, commas or new lines. */
export function parseIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((id) => id.trim()).filter(Boolean))];
}

/**
 * Keys one event's sign-up and attendance sheets. Saving is all or nothing: an ID that is not on
 * the roster is named and nothing is stored.
 */
export function RecordForm({ events, onSaved }: { events: MethodOutput<'behaviour.summary'>; onSaved(): Promise<void> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [event, setEvent] = useState(events.at(-1)?.event ?? '');
  const [signedUp, setSignedUp] = useState('');
  const [attended, setAttended] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function save(submit: FormEvent) {
    submit.preventDefault();
    const signed = parseIds(signedUp);
    const came = parseIds(attended);
    const malformed = [...signed, ...came].filter((id) => !/^\d{4,12}$/.test(id));
    if (malformed.length) return setMessage({ ok: false, text: t('behaviour.malformed', { ids: malformed.join(', ') }) });
    const entries = [...new Set([...signed, ...came])].map((participantId) => ({
      participantId,
      signedUp: signed.includes(participantId),
      attended: came.includes(participantId),
    }));
    const result = await call('behaviour.record', { event, entries });
    if (!result.ok) return setMessage({ ok: false, text: errorText(result.error) });
    setMessage({ ok: true, text: t('behaviour.saved', { count: entries.length }) });
    setSignedUp('');
    setAttended('');
    await onSaved();
  }

  return (
    <form onSubmit={save} aria-label={t('behaviour.record')}>
      <h4>{t('behaviour.record')}</h4>
      <div className="field inline">
        <label htmlFor="behaviour-event">{t('behaviour.event')}</label>
        <select id="behaviour-event" value={event} onChange={(change) => setEvent(change.target.value)}>
          {events.map((entry) => (
            <option key={entry.event} value={entry.event}>
              {formatDay(entry.heldOn)} {entry.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="signed-up-ids">{t('behaviour.signedUpIds')}</label>
        <textarea id="signed-up-ids" rows={3} value={signedUp} onChange={(change) => setSignedUp(change.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="attended-ids">{t('behaviour.attendedIds')}</label>
        <textarea id="attended-ids" rows={3} value={attended} onChange={(change) => setAttended(change.target.value)} />
      </div>
      {message && (message.ok ? <p role="status">{message.text}</p> : <ErrorAlert message={message.text} />)}
      <div className="actions">
        <button type="submit" className="primary">
          {t('behaviour.save')}
        </button>
      </div>
    </form>
  );
}
