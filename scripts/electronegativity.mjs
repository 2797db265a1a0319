#!/usr/bin/env node
// Runs Electronegativity (Doyensec's Electron security linter) over the app's Electron and renderer
// sources and fails on any HIGH or MEDIUM finding that is not justified by an inline
// `eng-disable CHECK_ID` comment at the flagged line (the comment must also say why).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');
const electronVersion = require('electron/package.json').version;

// Scan a copy holding only our sources: the main/preload code and the renderer page with its CSP.
// Folders given on the command line replace the defaults (the test uses this to prove a bad
// window configuration is caught).
const sources = process.argv.length > 2 ? process.argv.slice(2).map((dir) => resolve(dir)) : ['electron', 'renderer'].map((dir) => join(root, dir));
const scanDir = mkdtempSync(join(tmpdir(), 'mixwise-eng-'));
for (const source of sources) {
  cpSync(source, join(scanDir, basename(source)), { recursive: true, filter: (path) => !path.endsWith('.test.ts') });
}

// The tool's i18n and release check try the network and fall back quietly; silence their chatter.
const log = console.log;
const warn = console.warn;
console.log = () => {};
console.warn = () => {};
let result;
try {
  const runner = require('@doyensec/electronegativity');
  const run = typeof runner === 'function' ? runner : runner.default;
  result = await run({
    input: scanDir,
    output: undefined,
    isSarif: false,
    customScan: [],
    excludeChecks: [],
    severitySet: 'informational',
    confidenceSet: 'tentative',
    isRelative: true,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  });
} finally {
  console.log = log;
  console.warn = warn;
  rmSync(scanDir, { recursive: true, force: true });
}

const blocking = result.issues.filter((issue) => ['HIGH', 'MEDIUM'].includes(String(issue.severity?.name ?? issue.severity).toUpperCase()));
const parseErrors = (result.errors ?? []).filter((error) => !error.tolerable);
for (const issue of result.issues) {
  const severity = String(issue.severity?.name ?? issue.severity);
  console.log(`${severity.padEnd(13)} ${issue.id} ${issue.file}:${issue.location?.line ?? 0} ${issue.description}`);
}
for (const error of parseErrors) console.log(`PARSE ERROR ${error.file}: ${error.message}`);
console.log(`electronegativity: ${result.issues.length} finding(s), ${blocking.length} HIGH/MEDIUM unjustified, ${parseErrors.length} parse error(s)`);
process.exit(blocking.length === 0 && parseErrors.length === 0 ? 0 : 1);
