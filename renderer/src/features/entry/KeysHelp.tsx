import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { MissingCodes } from '../../../../electron/shared/entry/rules';
import { ID_LENGTH } from './gridModel';

/**
 * The grid's keys, folded into one button beside "Back to batches" so that the grid keeps the
 * window's height; opened, it lies over the grid. Also where this computer's refusal beep is
 * switched on or off (app.settings entrySound).
 */
export function KeysHelp({ codes, sound, onSound }: { codes: MissingCodes; sound: boolean; onSound(on: boolean): void }) {
  const { t } = useTranslation();
  return (
    <details className="entry-keys">
      <summary>{t('entry.grid.legendHeading')}</summary>
      <div className="entry-keys-panel">
        <ul>
          <li>{t('entry.grid.legendDigits')}</li>
          <li>{t('entry.grid.legendId', { length: ID_LENGTH })}</li>
          <li>{t('entry.grid.legendLong')}</li>
          <li>{t('entry.grid.legendMissing', codes)}</li>
          <li>{t('entry.grid.legendEdit')}</li>
          <li>{t('entry.grid.legendDelete')}</li>
        </ul>
        <label className="entry-keys-sound">
          <input type="checkbox" checked={sound} onChange={(event) => onSound(event.target.checked)} />
          {t('entry.grid.sound')}
        </label>
      </div>
    </details>
  );
}

/** This computer's choice of a beep on a refused key, read once and saved when changed. */
export function useRefusalSound(): [boolean, (on: boolean) => void] {
  const [sound, setSound] = useState(false);
  useEffect(() => {
    void call('app.settings.get', {}).then((result) => {
      if (result.ok) setSound(result.value.entrySound);
    });
  }, []);
  const change = (on: boolean) => {
    setSound(on);
    void call('app.settings.set', { entrySound: on }).then((result) => {
      if (result.ok) setSound(result.value.entrySound);
    });
  };
  return [sound, change];
}
