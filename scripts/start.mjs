#!/usr/bin/env node
// npm start: build the app and open it in Electron.
// The SQLCipher native module in node_modules is built for Node (tests, CLI). Electron needs its
// own build for its ABI; it is made once into .electron-native/ and handed to the core through
// better-sqlite3's nativeBinding option, so the two builds never overwrite each other.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const MODULE = 'better-sqlite3-multiple-ciphers';

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

if (!electronBinary()) {
  console.error(
    [
      'Electron itself is not installed on this machine (npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed).',
      'Install it with: node node_modules/electron/install.js',
      'Everything else works without it: npm test, and the CLI (npx mixwise --help).',
    ].join('\n'),
  );
  process.exit(1);
}

const electronVersion = require('electron/package.json').version;
const moduleVersion = require(`${MODULE}/package.json`).version;
const nativeDir = join(root, '.electron-native');
const marker = join(nativeDir, 'built-for.json');
const wanted = JSON.stringify({ electronVersion, moduleVersion });

if (!existsSync(marker) || readFileSync(marker, 'utf8') !== wanted) {
  console.log(`Building ${MODULE} ${moduleVersion} for Electron ${electronVersion} (once; takes a few minutes)…`);
  // Build a private copy with node-gyp against Electron's headers (the way Electron's docs describe
  // a manual rebuild), leaving the Node build in node_modules as it is.
  const work = join(nativeDir, 'work');
  rmSync(work, { recursive: true, force: true });
  cpSync(join(root, 'node_modules', MODULE), work, { recursive: true, filter: (path) => !path.includes(`${MODULE}/build`) });
  const nodeGyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const built = spawnSync(
    process.execPath,
    [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    { cwd: work, stdio: 'inherit' },
  );
  if (built.status !== 0) {
    console.error(`Could not build ${MODULE} for Electron ${electronVersion}; see the compiler output above.`);
    process.exit(1);
  }
  mkdirSync(nativeDir, { recursive: true });
  copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), join(nativeDir, 'better_sqlite3.node'));
  rmSync(work, { recursive: true, force: true });
  writeFileSync(marker, wanted);
  rmSync(work, { recursive: true, force: true });
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
const status = spawnSync(bin('electron-vite'), ['preview'], { cwd: root, stdio: 'inherit' }).status;
process.exit(status ?? 1);
