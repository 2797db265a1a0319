import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type Emit } from '../api/contract';
import { dispatch } from '../api/dispatch';
import { createCore, type CoreApp } from '../core/handlers';
import { createElectronPrinter } from './pdfPrinter';
import { devToolsAllowed, menuTemplate, nativeBindingPath } from './production';
import { watchLinuxScreenLock } from './screenLock';
import { registerAppScheme, serveRenderer } from './protocol';
import { APP_ORIGIN, hardenSession, hardenWebContents, isAppUrl } from './security';

// Every renderer is sandboxed, whatever a window's options say.
app.enableSandbox();
registerAppScheme();
hardenWebContents();

let mainWindow: BrowserWindow | null = null;
let core: CoreApp | null = null;

const emit: Emit = (event, payload) => mainWindow?.webContents.send(EVENT_CHANNEL, event, payload);

/** A native module built for Electron's ABI lives apart from the Node build the tests use (production.ts). */
function nativeBinding(): string | undefined {
  const { isPackaged } = app;
  return nativeBindingPath({ isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath, exists: existsSync });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({ // eng-disable AUXCLICK_JS_CHECK -- every new window (middle-click included) is denied by setWindowOpenHandler in security.ts
    width: 1280,
    height: 860,
    show: false,
    title: 'Mixwise',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'), // eng-disable PRELOAD_JS_CHECK -- sandboxed preload exposing only the contract's names via contextBridge
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
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

function registerIpc(): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, input: unknown) => {
    // Only our own page in our own window may call the core; anything else gets a refusal as data.
    const frameUrl = event.senderFrame?.url ?? '';
    if (!mainWindow || event.sender !== mainWindow.webContents || !isAppUrl(frameUrl)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This caller may not use Mixwise.' } };
    }
    return dispatch(core!.handlers, name, input);
  });
}

void app.whenReady().then(() => {
  hardenSession();
  serveRenderer(join(__dirname, '../renderer'));
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(app.isPackaged)));
  core = createCore({
    dataDir: app.getPath('userData'),
    appVersion: app.getVersion(),
    emit,
    open: { nativeBinding: nativeBinding() },
    printer: createElectronPrinter(),
    dialogs: {
      async chooseNewStudyPath(suggestedName) {
        const result = await dialog.showSaveDialog(mainWindow!, {
          defaultPath: join(app.getPath('documents'), `${suggestedName || 'study'}.mixwise`),
          filters: [{ name: 'Mixwise study', extensions: ['mixwise'] }],
        });
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      async chooseSavePath(suggestedName, extensions) {
        const result = await dialog.showSaveDialog(mainWindow!, {
          defaultPath: join(app.getPath('documents'), suggestedName),
          filters: [{ name: extensions.join(', ').toUpperCase(), extensions }],
        });
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      async chooseStudyFile() {
        const result = await dialog.showOpenDialog(mainWindow!, {
          properties: ['openFile'],
          filters: [{ name: 'Mixwise study', extensions: ['mixwise'] }],
        });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      async chooseBatchFile() {
        const result = await dialog.showOpenDialog(mainWindow!, {
          properties: ['openFile'],
          filters: [{ name: 'Mixwise batch', extensions: ['mixbatch'] }],
        });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    },
  });
  registerIpc();
  // Locking the computer or suspending it locks the study: the key leaves memory.
  powerMonitor.on('lock-screen', () => core?.lockAll('os'));
  powerMonitor.on('suspend', () => core?.lockAll('os'));
  // powerMonitor's 'lock-screen' never fires on Linux: the session's D-Bus signals say it there.
  const linuxLock = process.platform === 'linux' ? watchLinuxScreenLock(() => core?.lockAll('os')) : null;
  app.on('will-quit', () => linuxLock?.stop());
  mainWindow = createWindow();
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
});

app.on('window-all-closed', () => {
  // Quit once the reader thread has closed its connection, so the study's files are whole on disk.
  void (core?.dispose() ?? Promise.resolve()).finally(() => app.quit());
});
