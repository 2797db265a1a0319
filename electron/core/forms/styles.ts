import { PAGE } from './layout';

/**
 * The paper form's stylesheet, one string for the printer and for the in-app preview (which adopts
 * it as a constructed stylesheet inside a shadow root, allowed by the app's CSP where a <style>
 * element is not). Sizes in millimetres match layout.ts. No inline style attributes are used
 * anywhere in the form's markup: the app's CSP would drop them in the preview.
 */
const scaleColumns = Array.from({ length: 10 }, (_, index) => index + 2)
  .map((n) => `.mw-scale.mw-n${n} { grid-template-columns: repeat(${n}, 1fr); }`)
  .join('\n');

export const FORM_CSS = `
@page { size: A4; margin: 0; }
.mw-form { font-family: 'DejaVu Sans', 'Noto Sans', Arial, sans-serif; font-size: 10.5pt; line-height: 1.35; color: #000; }
.mw-form * { box-sizing: border-box; }
.mw-page {
  width: 210mm; min-height: ${PAGE.height}mm; padding: ${PAGE.paddingY}mm 16mm;
  display: flex; flex-direction: column; background: #fff; break-after: page; page-break-after: always;
}
.mw-page:last-child { break-after: auto; page-break-after: auto; }
.mw-head { height: ${PAGE.header}mm; display: flex; align-items: flex-start; justify-content: space-between; gap: 6mm; border-bottom: 0.3mm solid #000; }
.mw-idfield { display: flex; align-items: center; gap: 2mm; }
.mw-id-label { font-weight: 700; font-size: 11pt; }
.mw-id-boxes { display: flex; direction: ltr; }
.mw-digit { width: 7mm; height: 9mm; border: 0.4mm solid #000; margin-inline-end: -0.4mm; display: flex; align-items: center; justify-content: center; font-size: 13pt; font-weight: 700; font-family: 'DejaVu Sans Mono', monospace; }
.mw-barcode { height: 11mm; direction: ltr; }
.mw-barcode svg { height: 11mm; width: auto; display: block; }
.mw-meta { font-size: 7.5pt; color: #444; direction: ltr; text-align: end; }
.mw-body { flex: 1 1 auto; padding-top: 4mm; }
.mw-foot { height: ${PAGE.footer}mm; display: flex; align-items: flex-end; justify-content: center; font-size: 8.5pt; }
.mw-intro p { margin: 0 0 2.5mm; }
.mw-consent { display: flex; gap: 3mm; align-items: flex-start; margin: 2mm 0 4mm; font-weight: 700; }
.mw-notice, .mw-instruction { margin: 0 0 4mm; font-style: italic; }
.mw-stem { margin: 0 0 4mm; font-weight: 700; }
.mw-question { margin: 0 0 4mm; break-inside: avoid; }
.mw-q { display: flex; gap: 2mm; margin-bottom: 2mm; }
.mw-num { min-width: 8mm; font-weight: 700; }
.mw-condition { font-style: italic; margin-inline-start: 10mm; }
.mw-answers { margin-inline-start: 10mm; }
.mw-scale { display: grid; gap: 0; text-align: center; }
${scaleColumns}
.mw-option { display: flex; flex-direction: column; align-items: center; gap: 1mm; }
.mw-box { width: 8mm; height: 8mm; border: 0.4mm solid #000; display: inline-flex; align-items: flex-start; justify-content: flex-start; font-size: 6.5pt; padding: 0.3mm 0.6mm; flex: none; }
.mw-label { font-size: 8pt; line-height: 1.25; padding: 0 1mm; }
.mw-list .mw-option { flex-direction: row; align-items: center; gap: 3mm; margin-bottom: 1mm; }
.mw-list .mw-label { font-size: 10.5pt; }
.mw-write { display: flex; gap: 3mm; align-items: center; }
.mw-digits { display: flex; direction: ltr; }
.mw-textbox { height: 14mm; border: 0.4mm solid #000; margin-top: 1mm; }
.mw-form u { text-decoration: underline; }
@media screen {
  .mw-page { margin: 0 auto 6mm; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25); }
}
`;
