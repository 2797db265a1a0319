import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DomainHandlers } from '../../api/method';
import type { vaultContract, VaultState } from '../../api/contracts/vault';
import type { CoreContext } from '../context';
import type { Db, OpenOptions } from '../db/open';
import { createDemoVault, DEMO_VAULT_PASSPHRASE, demoRoster, isDemoVault } from '../demo/demoVault';
import { MixwiseError } from '../errors';
import { STUDY_EXTENSION } from '../study/file';
import { appendAudit } from './audit';
import { auditHandlers } from './auditHandlers';
import { backupFolder, backupIfDue, backupNow, listBackups, previewBackup, restoreBackup } from './backup';
import { readKeyFile } from './keys';
import { defaultVaultPath, keysPathFor } from './kind';
import { followUpHandlers } from './followUpHandlers';
import { actAs, actingKeeperName, forgetActingKeeper, keeperName, setActingKeeper } from './keepers';
import { peopleHandlers } from './peopleHandlers';
import { recoverySheetHtml } from './printouts';
import { VaultSession } from './session';
import { readVaultSettings, writeVaultSettings } from './settings';
import { rekeyBackups } from './rotation';
import {
  assertVaultForStudy,
  changeVaultPassphrase,
  closeVault,
  createVaultFile,
  openVaultFile,
  recoverVaultFile,
  replaceRecoveryKey,
  studyUuidOf,
  type OpenVault,
  type RotationReport,
} from './vaultFile';

type VaultMethods = DomainHandlers<typeof vaultContract>;

/** What every vault method needs: the open study, the unlocked vault, both checked to belong together. */
export interface VaultAccess {
  session: VaultSession;
  /** Runs work with the study and the vault; refuses (and locks) a vault that is not the study's. */
  withBoth<T>(work: (study: Db, vault: OpenVault) => T): T;
  studyName(): string;
  /** How to load the native SQLite module (Electron's build in the app); every database opened must use it. */
  openOptions: OpenOptions;
}

/**
 * The vault's part of the contract. The vault opens only beside an open study (the ID-keeper area
 * lives inside a study), at <study>.mixvault next to the study file.
 */
export function vaultHandlers(ctx: CoreContext): VaultMethods {
  const session = new VaultSession(ctx.deps.emit);
  // Idle timeout, OS lock and suspend lock the vault along with the study.
  ctx.onLock.push((reason) => session.lock(reason));
  const openOptions = ctx.deps.open ?? {};
  // Where app/handlers.ts makes the demo study; its vault may be the demo's vault of made-up people.
  const demoStudyPath = join(ctx.deps.dataDir, 'demo', `demo${STUDY_EXTENSION}`);

  function studyPath(): string | null {
    const state = ctx.study.state();
    return state.status === 'open' ? state.path : null;
  }

  function requireStudy(): { path: string; uuid: string; name: string } {
    const path = studyPath();
    if (!path) throw new MixwiseError('NO_STUDY_OPEN', 'No study is open.');
    return ctx.study.use((db) => ({ path, uuid: studyUuidOf(db), name: db.prepare('SELECT name FROM study WHERE id = 1').pluck().get() as string }));
  }

  const access: VaultAccess = {
    session,
    withBoth(work) {
      if (!ctx.study.isOpen()) {
        // The study was locked or closed: the vault goes with it.
        session.lock('user');
        throw new MixwiseError('NO_STUDY_OPEN', 'No study is open.');
      }
      return ctx.study.use((study) =>
        session.use((vault) => {
          try {
            assertVaultForStudy(vault, studyUuidOf(study));
          } catch (error) {
            session.lock('user');
            throw error;
          }
          return work(study, vault);
        }),
      );
    },
    studyName: () => requireStudy().name,
    openOptions,
  };
  ctx.vault = access;

  function state(): VaultState {
    const path = studyPath();
    if (!path) {
      // The study was locked or closed: its vault does not stay open behind it.
      if (session.isOpen()) session.lock('user');
      return { status: 'noStudy' };
    }
    const vaultPath = defaultVaultPath(path);
    const fileName = basename(vaultPath);
    if (session.isOpen() && session.path() === vaultPath) {
      return session.use((vault) => ({
        status: 'open' as const,
        path: vaultPath,
        fileName,
        createdAt: vault.db.prepare('SELECT created_at FROM vault WHERE id = 1').pluck().get() as string,
        people: vault.db.prepare('SELECT count(*) FROM person').pluck().get() as number,
        settings: readVaultSettings(vault.db),
        auditIntegrity: vault.integrity,
        acting: actingKeeperName(vault.path),
      }));
    }
    // A vault of another study is never left open behind this one.
    if (session.isOpen()) session.lock('user');
    return existsSync(vaultPath)
      ? { status: 'locked', path: vaultPath, fileName, demoPassphrase: isDemoVault(vaultPath) ? DEMO_VAULT_PASSPHRASE : null }
      : { status: 'none', path: vaultPath, fileName, demoStudy: path === demoStudyPath };
  }

  /** Attaches a freshly opened vault if it belongs to the study still open; otherwise closes it. */
  function adopt(vault: OpenVault, keeper?: string): void {
    try {
      assertVaultForStudy(vault, requireStudy().uuid);
    } catch (error) {
      closeVault(vault);
      throw error;
    }
    session.attach(vault);
    // Named after attaching: attaching locks what was open before, which forgets who was acting.
    if (keeper !== undefined) actAs(vault.db, keeper);
  }

  /**
   * Creating or recovering writes audit entries before the vault is adopted: the keeper acts from
   * the start, and is forgotten again if the work fails.
   */
  async function asKeeper<T>(path: string, keeper: string | undefined, work: () => Promise<T>): Promise<T> {
    if (keeper === undefined) return work();
    setActingKeeper(path, keeper);
    try {
      return await work();
    } catch (error) {
      forgetActingKeeper(path);
      throw error;
    }
  }

  /**
   * Backups a crash left under an older data key are re-keyed at unlock (rotation.ts, step 5); a
   * failure here must not keep the ID-keeper out, and is tried again next time.
   */
  function finishBackupRekey(): void {
    try {
      session.use((vault) => rekeyBackups(vault, openOptions));
    } catch (error) {
      console.error(`mixwise: re-keying the vault's backups failed (${(error as Error)?.name ?? 'unknown error'})`);
    }
  }

  /** A change of secrets that failed after closing the vault's connection leaves the vault locked, not half-open. */
  async function lockIfClosed<T>(vault: OpenVault, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (!vault.db.open) session.lock('user');
      throw error;
    }
  }

  /** After a change of secrets: the session takes the vault opened anew; the report goes to the UI. */
  function adoptRotated(report: RotationReport): { backupsRekeyed: number; backupsUnreadable: number } {
    session.replace(report.vault);
    return { backupsRekeyed: report.backupsRekeyed, backupsUnreadable: report.backupsUnreadable };
  }

  /**
   * The automatic daily backup after unlocking. A failure (full disk, unwritable folder) must not
   * keep the ID-keeper out of the vault; it is reported like any unexpected error, without detail,
   * and tried again at the next unlock. Backups made on demand do report their errors.
   */
  function dailyBackup(): void {
    try {
      session.use((vault) => backupIfDue(vault, 'app', new Date(), openOptions));
    } catch (error) {
      console.error(`mixwise: the automatic vault backup failed (${(error as Error)?.name ?? 'unknown error'})`);
    }
  }

  return {
    'vault.status': () => state(),
    'vault.create': async ({ passphrase, labels, keeper }) => {
      const study = requireStudy();
      const path = defaultVaultPath(study.path);
      const { vault, recoveryKey } = await asKeeper(path, keeper, () =>
        createVaultFile(path, passphrase, study.uuid, { ...openOptions, client: 'app' }),
      );
      adopt(vault, keeper);
      const createdAt = vault.db.prepare('SELECT created_at FROM vault WHERE id = 1').pluck().get() as string;
      const html = recoverySheetHtml(recoveryKey, { vaultFile: basename(vault.path), study: study.name, createdAt, labels });
      return { state: state(), recoveryKey, recoverySheetHtml: html };
    },
    'vault.unlock': async ({ passphrase, keeper }) => {
      // An empty name is refused before the passphrase is tried, at its own field.
      if (keeper !== undefined) keeperName(keeper);
      const vault = await openVaultFile(defaultVaultPath(requireStudy().path), passphrase, openOptions);
      adopt(vault, keeper);
      session.use((open) => appendAudit(open.db, 'unlocked', { via: 'passphrase', client: 'app' }));
      finishBackupRekey();
      dailyBackup();
      return state();
    },
    'vault.recover': async ({ recoveryKey, newPassphrase, keeper }) => {
      const study = requireStudy();
      const path = defaultVaultPath(study.path);
      const report = await asKeeper(path, keeper, () => recoverVaultFile(path, recoveryKey, newPassphrase, { openOptions, client: 'app' }));
      adopt(report.vault, keeper);
      dailyBackup();
      return state();
    },
    'vault.changePassphrase': async ({ current, next }) => {
      const vault = access.withBoth((_study, open) => open);
      return adoptRotated(await lockIfClosed(vault, changeVaultPassphrase(vault, current, next, { openOptions, client: 'app' })));
    },
    'vault.newRecoveryKey': async ({ passphrase, labels }) => {
      const vault = access.withBoth((_study, open) => open);
      const { recoveryKey, ...report } = await lockIfClosed(vault, replaceRecoveryKey(vault, passphrase, { openOptions, client: 'app' }));
      const backups = adoptRotated(report);
      const createdAt = new Date().toISOString();
      const html = recoverySheetHtml(recoveryKey, { vaultFile: basename(vault.path), study: access.studyName(), createdAt, labels });
      return { recoveryKey, recoverySheetHtml: html, ...backups };
    },
    'vault.lock': ({ reason }) => {
      session.lock(reason ?? 'user');
      return state();
    },
    'vault.touch': () => {
      session.touch();
      return null;
    },
    'vault.settings.set': (changes) =>
      access.withBoth((_study, vault) => {
        const settings = writeVaultSettings(vault.db, changes);
        appendAudit(vault.db, 'settings_changed', { idle_lock_seconds: settings.idleLockSeconds, backup_keep: settings.backupKeep, client: 'app' });
        session.setIdleSeconds(settings.idleLockSeconds);
        return settings;
      }),
    'vault.backup.create': () =>
      access.withBoth((_study, vault) => backupNow(vault, { automatic: false, client: 'app', openOptions })),
    'vault.backup.list': () =>
      access.withBoth((_study, vault) => ({ folder: backupFolder(vault.path), backups: listBackups(vault.path) })),
    'vault.backup.preview': ({ file }) => access.withBoth((_study, vault) => previewBackup(vault, file, openOptions)),
    'vault.backup.restore': ({ file }) => {
      access.withBoth((_study, vault) => {
        // restoreBackup closes the vault's connection before replacing the file, so the session
        // must take the reopened one (or none, should reopening fail).
        try {
          session.replace(restoreBackup(vault, file, 'app', openOptions));
        } catch (error) {
          if (!vault.db.open) session.lock('user');
          throw error;
        }
      });
      return state();
    },
    ...peopleHandlers(access),
    ...followUpHandlers(access, ctx.deps.dialogs),
    ...auditHandlers(access, ctx.deps.dialogs),
    'vault.demo.create': async () => {
      const path = studyPath();
      if (path !== demoStudyPath) throw new MixwiseError('FORBIDDEN', 'Only the demo study has a demo vault.');
      const vaultPath = defaultVaultPath(path);
      if (existsSync(vaultPath)) throw new MixwiseError('ALREADY_EXISTS', 'This study already has a vault.');
      await createDemoVault(ctx.study.use(demoRoster), vaultPath, openOptions);
      return { passphrase: DEMO_VAULT_PASSPHRASE };
    },
  };
}
