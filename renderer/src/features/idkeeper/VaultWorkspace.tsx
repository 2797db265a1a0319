import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultState } from '../../../../electron/api/contracts/vault';
import type { StudySummary } from '../../../../electron/api/schemas';
import { call } from '../../api/client';
import { AssignmentPanel } from './AssignmentPanel';
import { auditBreakText } from './auditIntegrity';
import { AuditPanel } from './AuditPanel';
import { BackupsPanel } from './BackupsPanel';
import { EnrolForm } from './EnrolForm';
import { FollowUpPanel } from './FollowUpPanel';
import { ImportPanel } from './ImportPanel';
import { KeeperSwitch } from './KeeperSwitch';
import { PeoplePanel } from './PeoplePanel';
import { PrintPanel } from './PrintPanel';
import { SettingsPanel } from './SettingsPanel';

const PANELS = ['people', 'enrol', 'import', 'assignment', 'followUp', 'print', 'audit', 'backups', 'settings'] as const;
type Panel = (typeof PANELS)[number];

interface Props {
  state: Extract<VaultState, { status: 'open' }>;
  onLock(): void;
  onChanged(): void;
}

/**
 * The unlocked vault: one panel at a time, a lock button always in reach. A break in the audit
 * chain found at unlock is shown above every panel (the Audit log tab shows it in full).
 */
export function VaultWorkspace({ state, onLock, onChanged }: Props) {
  const { t } = useTranslation();
  const [panel, setPanel] = useState<Panel>('people');
  const [summary, setSummary] = useState<StudySummary | null>(null);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const auditBroken = auditBreakText(t, state.auditIntegrity);

  useEffect(() => {
    void call('study.summary', {}).then((result) => result.ok && setSummary(result.value));
  }, [panel]);

  function onTabKey(event: KeyboardEvent, index: number) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (index + step + PANELS.length) % PANELS.length;
    setPanel(PANELS[next]!);
    tabs.current[next]?.focus();
  }

  return (
    <div className="vault">
      <div className="vault-header">
        <p className="status-note">{t('vault.openNote', { file: state.fileName, count: state.people })}</p>
        <KeeperSwitch acting={state.acting} onChanged={onChanged} />
        <button type="button" onClick={onLock}>
          {t('vault.lock')}
        </button>
      </div>
      {auditBroken && panel !== 'audit' && (
        <div className="alert" role="alert" data-testid="vault-audit-broken">
          <p>{auditBroken}</p>
          <button type="button" className="small" onClick={() => setPanel('audit')}>
            {t('vault.audit.showLog')}
          </button>
        </div>
      )}
      <div role="tablist" aria-label={t('vault.panels')} className="vault-tabs">
        {PANELS.map((name, index) => (
          <button
            key={name}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`vault-tab-${name}`}
            aria-selected={panel === name}
            aria-controls="vault-panel"
            tabIndex={panel === name ? 0 : -1}
            onClick={() => setPanel(name)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {t(`vault.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div id="vault-panel" role="tabpanel" aria-labelledby={`vault-tab-${panel}`}>
        {summary === null ? (
          <p className="loading">{t('vault.working')}</p>
        ) : (
          <>
            {panel === 'people' && <PeoplePanel summary={summary} onChanged={onChanged} />}
            {panel === 'enrol' && <EnrolForm summary={summary} onEnrolled={onChanged} />}
            {panel === 'import' && <ImportPanel onImported={onChanged} />}
            {panel === 'assignment' && <AssignmentPanel />}
            {panel === 'followUp' && <FollowUpPanel summary={summary} />}
            {panel === 'print' && <PrintPanel summary={summary} />}
            {panel === 'audit' && <AuditPanel />}
            {panel === 'backups' && <BackupsPanel onRestored={onChanged} />}
            {panel === 'settings' && <SettingsPanel settings={state.settings} onChanged={onChanged} />}
          </>
        )}
      </div>
    </div>
  );
}
