/** The 'progress' event's task while forms.savePdf prints: the core emits it, the Paper forms screen listens for it. */
export const FORMS_PROGRESS_TASK = 'forms.print';
