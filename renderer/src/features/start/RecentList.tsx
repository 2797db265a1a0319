import { useTranslation } from 'react-i18next';
import type { RecentStudy } from '../../../../electron/api/schemas';
import { formatInstant } from '../../format';

interface Props {
  studies: RecentStudy[];
  onOpen(study: { path: string; fileName: string }): void;
  onForget(path: string): void;
}

export function RecentList({ studies, onOpen, onForget }: Props) {
  const { t } = useTranslation();
  if (studies.length === 0) return <p className="muted">{t('start.noRecent')}</p>;
  return (
    <ul className="recent">
      {studies.map((study) => (
        <li key={study.path}>
          <button
            type="button"
            className="link"
            disabled={!study.exists}
            aria-label={t('start.openRecent', { file: study.fileName })}
            onClick={() => onOpen(study)}
          >
            <span className="file-name">{study.fileName}</span>
            <span className="muted">
              {study.exists ? t('start.lastOpened', { date: formatInstant(study.lastOpenedAt) }) : t('start.missingFile')}
            </span>
          </button>
          <button type="button" className="small" aria-label={t('start.forget', { file: study.fileName })} onClick={() => onForget(study.path)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
