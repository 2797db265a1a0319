import strings from '../../../resources/locales/en/analysis.json';

/**
 * The words of the exported reports (xlsx, PDF), from the same locale file the analysis screen
 * uses, so a heading reads the same on screen and on paper. English is the only locale shipped;
 * when another arrives the export will take the reader's language from the renderer.
 */
export type ReportLabels = Pick<typeof strings, 'col' | 'export' | 'explain' | 'sections' | 'model' | 'reliabilityReason'> & {
  figureNote: string;
  agreeNote: string;
};

export const reportLabels: ReportLabels = {
  col: strings.col,
  export: strings.export,
  explain: strings.explain,
  sections: strings.sections,
  model: strings.model,
  reliabilityReason: strings.reliabilityReason,
  figureNote: strings.figureNote,
  agreeNote: strings.agreeNote,
};

/** i18next-style {{name}} interpolation for the few labels with a value in them. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}
