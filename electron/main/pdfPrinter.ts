import { app, BrowserWindow, session } from 'electron';
import type { PdfPrinter } from '../core/forms/printer';
import { devToolsAllowed } from './production';

/**
 * The app's PdfPrinter: a hidden window prints the form's HTML with Chromium's printToPDF. The
 * window is sandboxed and isolated, has no preload, and lives in its own in-memory session whose
 * every request is cancelled, so nothing it shows can reach the network or the disk. It loads
 * about:blank, which carries no data, and the document is written into it from memory; the form's
 * own CSP allows nothing but its inline stylesheet and data: images.
 */
const PRINT_PARTITION = 'mixwise-print';

function printSession() {
  const printing = session.fromPartition(PRINT_PARTITION, { cache: false });
  printing.webRequest.onBeforeRequest((details, callback) => callback({ cancel: details.url !== 'about:blank' }));
  printing.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  printing.setPermissionCheckHandler(() => false);
  printing.setSpellCheckerEnabled(false);
  return printing;
}

export function createElectronPrinter(): PdfPrinter {
  let printing: Electron.Session | null = null;
  return {
    async print(html) {
      printing ??= printSession();
      const window = new BrowserWindow({ // eng-disable AUXCLICK_JS_CHECK -- hidden, never shown, and every new window is denied by setWindowOpenHandler in security.ts
        show: false,
        width: 794,
        height: 1123,
        webPreferences: {
          session: printing,
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          allowRunningInsecureContent: false,
          experimentalFeatures: false,
          webviewTag: false,
          navigateOnDragDrop: false,
          spellcheck: false,
          safeDialogs: true,
          devTools: devToolsAllowed(app.isPackaged),
        },
      });
      try {
        await window.loadURL('about:blank');
        // The document is passed as a JSON string literal: no part of it is ever evaluated as code.
        await window.webContents.executeJavaScript(
          `document.open(); document.write(${JSON.stringify(html)}); document.close(); document.fonts.ready.then(() => true);`,
        );
        return await window.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true, pageSize: 'A4', margins: { marginType: 'none' } });
      } finally {
        window.destroy();
      }
    },
  };
}
