import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportSection } from '../exports/ExportSection';
import { ImportSection } from '../imports/ImportSection';
import { FormCorrection } from './FormCorrection';
import { FormsScreen } from './forms/FormsScreen';
import { QuestionnaireScreen } from './questionnaires/QuestionnaireScreen';
import { SetupScreen } from './setup/SetupScreen';
import './evaluator.css';

const SECTIONS = ['setup', 'questionnaires', 'forms', 'imports', 'corrections', 'exports'] as const;
type Section = (typeof SECTIONS)[number];

/** The evaluator area: study setup, the questionnaire builder, the paper forms, imports, corrections of forms and the anonymised export. */
export function EvaluatorArea() {
  const { t } = useTranslation();
  const [section, setSection] = useState<Section>('setup');
  return (
    <section aria-labelledby="evaluator-heading" className="evaluator">
      <h2 id="evaluator-heading">{t('study.evaluator')}</h2>
      <nav aria-label={t('setup.nav.label')} className="subnav">
        {SECTIONS.map((name) => (
          <button key={name} type="button" aria-current={section === name ? 'page' : undefined} onClick={() => setSection(name)}>
            {name === 'exports' || name === 'imports' || name === 'corrections' ? t(`evaluator.nav.${name}`) : t(`setup.nav.${name}`)}
          </button>
        ))}
      </nav>
      {section === 'setup' && <SetupScreen />}
      {section === 'questionnaires' && <QuestionnaireScreen />}
      {section === 'forms' && <FormsScreen />}
      {section === 'imports' && <ImportSection />}
      {section === 'corrections' && <FormCorrection />}
      {section === 'exports' && <ExportSection />}
    </section>
  );
}
