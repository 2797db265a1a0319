import { app, session, type WebContents } from 'electron';

import { devToolsAllowed } from './production';

export { CONTENT_SECURITY_POLICY } from './csp';

/** The app's own origin. The renderer is served from here and nothing else is ever loaded. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://mixwise`;


export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

/**
 * Session-wide guards: every request to any other scheme or origin (http, https, ws, wss, file,
 * ftp, data documents...) is cancelled, and every permission request is denied.
 */
export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onBeforeRequest((details, callback) => {
    // DevTools' own pages only where DevTools exist: while developing (production.ts).
    const allowed = isAppUrl(details.url) || (devToolsAllowed(app.isPackaged) && details.url.startsWith('devtools://'));
    callback({ cancel: !allowed });
  });
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // The spellchecker downloads dictionaries from the network.
  ses.setSpellCheckerEnabled(false);
}

/** Applies to every web contents the app ever creates: no navigation away, no new windows, no webviews. */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
