import { useTranslation } from 'react-i18next';

/** The three roles' areas. Each later feature replaces its placeholder with the real screen. */
export function RoleArea({ area }: { area: 'entry' | 'idKeeper' | 'evaluator' }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="role-heading">
      <h2 id="role-heading">{t(`study.${area}`)}</h2>
      <p>{t(`roles.${area}Text`)}</p>
      <p className="muted">{t('roles.notYet')}</p>
    </section>
  );
}
