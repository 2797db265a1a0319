import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultState } from '../../../../electron/api/contracts/vault';
import { call, on } from '../../api/client';
import { clearClipboardNow } from './clipboard';
import { useIdleLock } from './useIdleLock';
import { CreateVault, RecoveryKeyOnce, UnlockVault } from './VaultAccess';
import { VaultWorkspace } from './VaultWorkspace';
import './idkeeper.css';

/**
 * The ID-keeper's area: the vault beside the open study (<study>.mixvault), with its own
 * passphrase. Leaving the area, locking the study, the idle timer, the OS locking or the computer
 * sleeping all lock the vault; on lock every name, contact and printout leaves the screen (the
 * components holding them unmount) and the clipboard is cleared.
 */
export function IdKeeperArea() {
  const { t } = useTranslation();
  const [state, setState] = useState<VaultState | null>(null);
  const [recovery, setRecovery] = useState<{ key: string; sheet: string } | null>(null);
  const [reason, setReason] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const result = await call('vault.status', {});
    if (result.ok) setState(result.value);
  }, []);

  const locked = useCallback(
    (why: string | null) => {
      setRecovery(null);
      setReason(why);
      clearClipboardNow();
      void refresh();
    },
    [refresh],
  );

  useEffect(() => {
    void refresh();
    const stop = on('lock', (event) => {
      if (event.target === 'vault') locked(event.reason === 'user' ? null : event.reason);
    });
    return () => {
      stop();
      clearClipboardNow();
      // The vault is opened only in this area: leaving it locks the vault.
      void call('vault.lock', {});
    };
  }, [refresh, locked]);

  async function lock(why: 'user' | 'idle') {
    setRecovery(null);
    setState(null);
    const result = await call('vault.lock', { reason: why });
    if (result.ok) setState(result.value);
    locked(why === 'user' ? null : why);
  }

  return (
    <section aria-labelledby="idkeeper-heading" className="vault">
      <h2 id="idkeeper-heading">{t('vault.title')}</h2>
      {state?.status === 'open' && <IdleGuard seconds={state.settings.idleLockSeconds} onIdle={() => void lock('idle')} />}
      {state === null ? (
        <p className="loading">{t('vault.working')}</p>
      ) : state.status === 'noStudy' ? null : state.status === 'none' ? (
        <CreateVault
          fileName={state.fileName}
          demoStudy={state.demoStudy}
          onDemo={() => void refresh()}
          onCreated={(created, next) => {
            setRecovery(created);
            setState(next);
          }}
        />
      ) : state.status === 'locked' ? (
        <UnlockVault
          fileName={state.fileName}
          demoPassphrase={state.demoPassphrase}
          reason={reason}
          onOpened={(next) => {
            setReason(null);
            setState(next);
          }}
        />
      ) : recovery ? (
        <RecoveryKeyOnce recovery={recovery} onDone={() => setRecovery(null)} />
      ) : (
        <VaultWorkspace state={state} onLock={() => void lock('user')} onChanged={refresh} />
      )}
    </section>
  );
}

function IdleGuard({ seconds, onIdle }: { seconds: number; onIdle(): void }) {
  useIdleLock(seconds, onIdle);
  return null;
}
