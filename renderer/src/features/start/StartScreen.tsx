import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { RecentStudy, StudyState } from '../../../../electron/api/schemas';
import { ErrorAlert } from '../../components/Field';
import { useFocusHeading } from '../../components/useFocusHeading';
import { useErrorText } from '../../i18n';
import { CreateStudyForm } from './CreateStudyForm';
import { PassphraseForm } from './PassphraseForm';
import { RecentList } from './RecentList';

/** What a person sees with no study open: the demo, create, open, and recent studies. */
export function StartScreen({ onOpened }: { onOpened(state: StudyState): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const heading = useFocusHeading<HTMLHeadingElement>();
  const [recent, setRecent] = useState<RecentStudy[]>([]);
  const [opening, setOpening] = useState<{ path: string; fileName: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function loadRecent() {
    const result = await call('recent.list', {});
    if (result.ok) setRecent(result.value);
  }
  const [demoPassphrase, setDemoPassphrase] = useState('');
  useEffect(() => {
    void loadRecent();
    void call('app.info', {}).then((result) => result.ok && setDemoPassphrase(result.value.demoPassphrase));
  }, []);

  async function openDemo() {
    setBusy(true);
    setError(null);
    const result = await call('demo.open', {});
    setBusy(false);
    if (result.ok) onOpened(result.value.state);
    else setError(errorText(result.error));
  }

  async function chooseFile() {
    const result = await call('dialog.chooseStudyFile', {});
    if (result.ok && result.value.path) {
      const path = result.value.path;
      setOpening({ path, fileName: path.split(/[\\/]/).pop() ?? path });
    }
  }

  async function forget(path: string) {
    await call('recent.forget', { path });
    await loadRecent();
  }

  return (
    <main id="main" className="start" aria-busy={busy}>
      <header className="start-header">
        <h1 ref={heading} tabIndex={-1}>
          {t('app.name')}
        </h1>
        <p className="tagline">{t('app.tagline')}</p>
      </header>
      <ErrorAlert message={error} />
      {opening ? (
        <section aria-labelledby="open-heading" className="card">
          <h2 id="open-heading">{t('unlock.heading', { file: opening.fileName })}</h2>
          <p className="path">{opening.path}</p>
          <PassphraseForm path={opening.path} submitLabel={t('unlock.submit')} onOpened={onOpened} onCancel={() => setOpening(null)} />
        </section>
      ) : (
        <div className="start-grid">
          <section aria-labelledby="demo-heading" className="card">
            <h2 id="demo-heading">{t('start.demoHeading')}</h2>
            <p>{t('start.demoText')}</p>
            {demoPassphrase && <p className="muted">{t('start.demoPassphrase', { passphrase: demoPassphrase })}</p>}
            <button type="button" className="primary" onClick={openDemo} disabled={busy}>
              {t('start.openDemo')}
            </button>
          </section>
          <section aria-labelledby="recent-heading" className="card">
            <h2 id="recent-heading">{t('start.recentHeading')}</h2>
            <RecentList studies={recent} onOpen={setOpening} onForget={forget} />
            <h2 id="open-file-heading">{t('start.openHeading')}</h2>
            <button type="button" onClick={chooseFile}>
              {t('start.openFile')}
            </button>
          </section>
          <section aria-labelledby="create-heading" className="card">
            <h2 id="create-heading">{t('start.createHeading')}</h2>
            <CreateStudyForm onCreated={onOpened} />
          </section>
        </div>
      )}
    </main>
  );
}
