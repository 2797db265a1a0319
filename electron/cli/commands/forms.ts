import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { MixwiseError } from '../../core/errors';
import { assertNewPaths, writeNewFile } from '../../core/files';
import { chromiumPath, createNodePrinter } from '../../core/forms/nodePrinter';
import { prepareForms, printForms } from '../../core/forms/produce';
import { openStudyFile } from '../../core/study/file';
import { requiredString } from '../args';
import type { Command } from '../command';
import { readPassphrase } from '../passphrase';

export const formsCommand: Command = {
  name: 'forms',
  summary: 'Print a questionnaire version\'s paper forms for a wave to PDF (IDs only, never names).',
  synopsis: 'forms --study FILE --wave W --version V --out FILE.pdf [--prefilled]',
  details: [
    'The form has the toolkit\'s introduction with its blanks filled, a consent tick box, a boxed ID',
    'field and page numbers on every page, and numbered answer boxes; Arabic and other right-to-left',
    'languages are laid out right to left. With --prefilled there is one copy per active participant',
    'of the version\'s identity group, each page printed with the participant\'s ID and its Code 128',
    'barcode. Chromium prints the PDF (/usr/bin/chromium, or MIXWISE_CHROMIUM). An existing file is',
    'never overwritten.',
    '',
    'Example:',
    '  MIXWISE_PASSPHRASE=... mixwise forms --study demo.mixwise --version newcomer_en --wave pre --out pre.pdf',
  ].join('\n'),
  options: {
    study: { type: 'string', valueName: 'FILE', description: 'The study file to read.', required: true },
    wave: { type: 'string', valueName: 'W', description: 'The wave\'s code, e.g. pre.', required: true },
    version: { type: 'string', valueName: 'V', description: 'The questionnaire version\'s code.', required: true },
    out: { type: 'string', valueName: 'FILE', description: 'The PDF to write; must end in .pdf.', required: true },
    prefilled: { type: 'boolean', description: 'One copy per enrolled participant, with their ID and its barcode.' },
  },

  async run(values, io) {
    const path = resolve(io.cwd, requiredString(values, 'study'));
    const out = resolve(io.cwd, requiredString(values, 'out'));
    const wave = requiredString(values, 'wave');
    const version = requiredString(values, 'version');
    // Everything that can be checked without the passphrase is checked before asking for it.
    if (!out.toLowerCase().endsWith('.pdf')) {
      throw new MixwiseError('INVALID_INPUT', 'The output file name ends in .pdf.', { field: 'out' });
    }
    if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory()) {
      throw new MixwiseError('NOT_FOUND', `The folder ${dirname(out)} does not exist.`, { field: 'path' });
    }
    assertNewPaths([out]);
    if (!existsSync(chromiumPath(io.env))) {
      throw new MixwiseError('NOT_FOUND', `Chromium, which prints the PDF, was not found at ${chromiumPath(io.env)}; install it or set MIXWISE_CHROMIUM.`);
    }

    const passphrase = await readPassphrase(io, { subject: basename(path), isNew: false });
    const db = openStudyFile(path, passphrase);
    let prepared;
    try {
      prepared = prepareForms(db, { version, wave, prefilled: values.prefilled === true });
    } finally {
      // Printing needs nothing more from the study: it is closed before Chromium starts.
      db.close();
    }
    const printer = createNodePrinter(chromiumPath(io.env));
    try {
      const { pdf, pages, forms } = await printForms(printer, prepared);
      // Never over a file that appeared while Chromium printed: placed by link(), refused if taken.
      writeNewFile(out, pdf);
      io.stdout.write(`Wrote ${out}: ${forms} ${forms === 1 ? 'form' : 'forms'}, ${pages} ${pages === 1 ? 'page' : 'pages'} (version ${version}, wave ${wave}).\n`);
    } finally {
      await printer.close();
    }
  },
};
