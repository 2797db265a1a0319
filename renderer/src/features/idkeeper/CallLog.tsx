import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import { parseId } from '../../../../electron/shared/ids/format';
import {
  CALL_CHANNELS,
  CALL_NOTE_MAX,
  CALL_OUTCOMES,
  nextAttemptFrom,
  outcomeKey,
  outcomeOfKey,
  type CallChannel,
} from '../../../../electron/shared/calls/outcomes';
import { call } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { ConfirmAction } from './ConfirmAction';
import { SelectField, spaced } from './fields';
import { useVaultError } from './vaultErrors';

type Entry = MethodOutput<'vault.followUp.list'>['entries'][number];
type Logged = MethodOutput<'vault.calls.log'>;
type History = MethodOutput<'vault.calls.history'>['entries'];

interface Props {
  wave: string;
  entries: Entry[];
  /** An ID picked in the list above: the form takes it, ready for the outcome. */
  picked: { id: string } | null;
  onLogged(logged: Logged): void;
  onWithdrawn(id: string): void;
}

/** Today on this computer's calendar, as the date field wants it. */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * Logging calls, keyboard first: the ID as printed on the calling sheet, the outcome's key (1-6,
 * as printed), the next date (or +3 for three days on) and Enter. The day and channel stay as they
 * were for the next entry, so a sheet from one afternoon goes in line after line. "Refused" and
 * "moved away" offer withdrawal, which still needs the ID typed again (vault.withdraw).
 */
export function CallLog({ wave, entries, picked, onLogged, onWithdrawn }: Props) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const form = useRef<HTMLFormElement>(null);
  const focus = (name: 'id' | 'outcome') => (form.current?.elements.namedItem(name) as HTMLInputElement | null)?.focus();
  const [typedId, setTypedId] = useState('');
  const [key, setKey] = useState('');
  const [next, setNext] = useState('');
  const [channel, setChannel] = useState<CallChannel>('phone');
  const [calledOn, setCalledOn] = useState(today);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Logged | null>(null);
  const [history, setHistory] = useState<History>([]);
  const [withdrawn, setWithdrawn] = useState<string | null>(null);

  const digits = parseId(typedId);
  const id = digits && /^\d{4,12}$/.test(digits) ? digits : null;
  const person = id ? entries.find((entry) => entry.id === id) : undefined;
  const outcome = outcomeOfKey(key);
  const nextAttempt = nextAttemptFrom(next, calledOn);

  useEffect(() => {
    if (!picked) return;
    setTypedId(spaced(picked.id));
    focus('outcome');
  }, [picked]);

  // The person's earlier calls, shown while their ID is in the form (the log is per person, every wave).
  useEffect(() => {
    if (!id || id.length < 8) return setHistory([]);
    let current = true;
    void call('vault.calls.history', { id }).then((result) => current && setHistory(result.ok ? result.value.entries : []));
    return () => {
      current = false;
    };
  }, [id, saved]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!id) return setError(t('vault.calls.idInvalid'));
    if (!outcome) return setError(t('vault.calls.outcomeInvalid'));
    if (nextAttempt === undefined) return setError(t('vault.calls.nextInvalid'));
    const result = await call('vault.calls.log', { id, wave, calledOn, channel, outcome, nextAttempt, note });
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setSaved(result.value);
    setWithdrawn(null);
    onLogged(result.value);
    setTypedId('');
    setKey('');
    setNext('');
    setNote('');
    focus('id');
  }

  async function withdraw(confirmId: string, reason: 'not_interested' | 'moved') {
    const result = await call('vault.withdraw', { id: confirmId, confirmId, reason });
    if (!result.ok) return setError(errorText(result.error));
    setWithdrawn(confirmId);
    setSaved(null);
    onWithdrawn(confirmId);
  }

  const savedEntry = saved?.entry;
  return (
    <section className="vault-card call-log" aria-labelledby="call-log-heading">
      <h4 id="call-log-heading">{t('vault.calls.heading')}</h4>
      <p className="muted">{t('vault.calls.text')}</p>
      <p className="muted" data-testid="outcome-keys">
        {CALL_OUTCOMES.map((value) => `${outcomeKey(value)} ${t(`vault.calls.outcomes.${value}`)}`).join(' · ')}
      </p>
      <form ref={form} className="call-form" aria-label={t('vault.calls.heading')} onSubmit={(event) => void submit(event)}>
        <Field
          name="id"
          label={t('vault.calls.id')}
          value={typedId}
          inputMode="numeric"
          autoComplete="off"
          hint={id ? (person ? (person.name ?? t('vault.followUp.notInVault')) : t('vault.calls.notOnList')) : undefined}
          onChange={(event) => setTypedId(event.target.value)}
        />
        <Field
          name="outcome"
          label={t('vault.calls.outcomeKey')}
          value={key}
          maxLength={1}
          inputMode="numeric"
          autoComplete="off"
          hint={outcome ? t(`vault.calls.outcomes.${outcome}`) : t('vault.calls.outcomeHint')}
          onChange={(event) => setKey(event.target.value)}
        />
        <Field
          label={t('vault.calls.next')}
          value={next}
          autoComplete="off"
          placeholder={t('vault.calls.nextPlaceholder')}
          hint={nextAttempt ? nextAttempt : t('vault.calls.nextHint')}
          onChange={(event) => setNext(event.target.value)}
        />
        <SelectField label={t('vault.calls.channel')} value={channel} onChange={(event) => setChannel(event.target.value as CallChannel)}>
          {CALL_CHANNELS.map((value) => (
            <option key={value} value={value}>
              {t(`vault.calls.channels.${value}`)}
            </option>
          ))}
        </SelectField>
        <Field
          label={t('vault.calls.calledOn')}
          type="date"
          value={calledOn}
          max={today()}
          onChange={(event) => setCalledOn(event.target.value)}
        />
        <Field
          label={t('vault.calls.note')}
          value={note}
          maxLength={CALL_NOTE_MAX}
          hint={t('vault.calls.noteLeft', { count: CALL_NOTE_MAX - note.length })}
          onChange={(event) => setNote(event.target.value)}
        />
        <div className="actions">
          <button type="submit" className="primary">
            {t('vault.calls.save')}
          </button>
        </div>
      </form>
      <ErrorAlert message={error} />
      {savedEntry && (
        <p role="status" data-testid="call-saved">
          {t(savedEntry.nextAttempt ? 'vault.calls.savedNext' : 'vault.calls.saved', {
            id: spaced(savedEntry.id),
            outcome: t(`vault.calls.outcomes.${savedEntry.outcome}`),
            next: savedEntry.nextAttempt,
          })}
        </p>
      )}
      {savedEntry && saved.offerWithdrawal && (
        <div className="confirm" data-testid="withdraw-offer">
          <p>{t(`vault.calls.offer.${saved.offerWithdrawal}`, { id: spaced(savedEntry.id) })}</p>
          <ConfirmAction
            id={savedEntry.id}
            label={t('vault.calls.withdraw')}
            explanation={t('vault.detail.withdrawText')}
            onConfirm={(confirmId) => withdraw(confirmId, saved.offerWithdrawal!)}
          />
        </div>
      )}
      {withdrawn && <p role="status">{t('vault.calls.withdrawn', { id: spaced(withdrawn) })}</p>}
      {history.length > 0 && (
        <table data-testid="call-history" aria-label={t('vault.calls.history', { id: spaced(id ?? '') })}>
          <caption>{t('vault.calls.history', { id: spaced(id ?? '') })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('vault.calls.calledOn')}</th>
              <th scope="col">{t('vault.calls.channel')}</th>
              <th scope="col">{t('vault.calls.outcome')}</th>
              <th scope="col">{t('vault.calls.next')}</th>
              <th scope="col">{t('vault.calls.note')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((entry) => (
              <tr key={entry.seq}>
                <td>{entry.calledOn}</td>
                <td>{t(`vault.calls.channels.${entry.channel}`)}</td>
                <td>{t(`vault.calls.outcomes.${entry.outcome}`)}</td>
                <td>{entry.nextAttempt}</td>
                <td>{entry.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
