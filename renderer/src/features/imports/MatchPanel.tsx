import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/Field';
import { useApiError } from '../evaluator/useApiError';
import { readChosenFile } from './readFile';

type Proposal = MethodOutput<'imports.match.proposals'>[number];

/**
 * The match assistant, for the ID-keeper with the vault unlocked: the imported file is chosen again
 * (its e-mails and initials were never stored), roster IDs are proposed for each held row, and each
 * proposal is confirmed or rejected by hand. Nothing is matched without a click.
 */
export function MatchPanel({ importId, onChanged, onClose }: { importId: number; onChanged(): void; onClose(): void }) {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [proposals, setProposals] = useState<Proposal[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** IDs the ID-keeper typed for rows with no right proposal (looked up in the vault by hand). */
  const [typed, setTyped] = useState<Record<number, string>>({});

  async function load(next = file) {
    if (!next) return;
    setBusy(true);
    const result = await call('imports.match.proposals', { importId, file: next });
    setBusy(false);
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setProposals(result.value);
  }

  async function pick(chosen: File | undefined) {
    if (!chosen) return;
    const next = await readChosenFile(chosen);
    setFile(next);
    await load(next);
  }

  async function decide(row: number, participantId: string, confirm: boolean) {
    setBusy(true);
    const result = await call(confirm ? 'imports.match.confirm' : 'imports.match.reject', { importId, row, participantId });
    setBusy(false);
    if (!result.ok) return setError(errorText(result.error));
    onChanged();
    await load();
  }

  return (
    <section className="imports-match" aria-labelledby="imports-match-heading" aria-busy={busy}>
      <h4 id="imports-match-heading">{t('imports.match.heading')}</h4>
      <p className="muted">{t('imports.match.intro')}</p>
      <div className="field">
        <label htmlFor="imports-match-file">{t('imports.match.file')}</label>
        <input id="imports-match-file" type="file" accept=".csv,.xlsx,.txt,.tsv" onChange={(event) => void pick(event.target.files?.[0])} />
      </div>
      <ErrorAlert message={error} />
      {proposals && proposals.length === 0 && <p role="status">{t('imports.match.allResolved')}</p>}
      {proposals && proposals.length > 0 && (
        <table data-testid="match-proposals">
          <thead>
            <tr>
              <th scope="col">{t('imports.row')}</th>
              <th scope="col">{t('imports.match.typed')}</th>
              <th scope="col">{t('imports.match.candidates')}</th>
            </tr>
          </thead>
          <tbody>
            {proposals.map((proposal) => (
              <tr key={proposal.row}>
                <td className="number">{proposal.row}</td>
                <td className="id-cell">{proposal.typedId}</td>
                <td>
                  {proposal.candidates.length === 0 && <span className="muted">{t('imports.match.none')}</span>}
                  <ul className="imports-candidates">
                    {proposal.candidates.map((candidate) => (
                      <li key={candidate.participantId}>
                        <span className="id-cell">{candidate.participantId}</span>
                        <span>{t('imports.match.score', { score: Math.round(candidate.score * 100) })}</span>
                        <span className="muted">{candidate.reasons.map((reason) => t(`imports.match.reasons.${reason}`)).join(', ')}</span>
                        <button type="button" onClick={() => void decide(proposal.row, candidate.participantId, true)}>
                          {t('imports.match.confirm')}
                        </button>
                        <button type="button" onClick={() => void decide(proposal.row, candidate.participantId, false)}>
                          {t('imports.match.reject')}
                        </button>
                      </li>
                    ))}
                  </ul>
                  <form
                    className="inline-form"
                    onSubmit={(event) => {
                      event.preventDefault();
                      const id = (typed[proposal.row] ?? '').trim();
                      if (id) void decide(proposal.row, id, true);
                    }}
                  >
                    <label htmlFor={`imports-match-id-${proposal.row}`}>{t('imports.match.otherId')}</label>
                    <input
                      id={`imports-match-id-${proposal.row}`}
                      inputMode="numeric"
                      autoComplete="off"
                      value={typed[proposal.row] ?? ''}
                      onChange={(event) => setTyped({ ...typed, [proposal.row]: event.target.value.replace(/\D/g, '') })}
                    />
                    <button type="submit" disabled={busy || !(typed[proposal.row] ?? '')}>
                      {t('imports.match.confirmOther')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" onClick={onClose}>
        {t('imports.match.close')}
      </button>
    </section>
  );
}
