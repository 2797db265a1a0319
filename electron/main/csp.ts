/**
 * The renderer's Content Security Policy: default-src 'none' and then only what the app needs from
 * its own origin. No 'unsafe-inline', no 'unsafe-eval', no connect-src: the renderer talks to the
 * core through IPC only. Kept free of Electron imports so e2e tests serve the very same header, and
 * renderer/index.html carries the same policy as a meta tag (a unit test keeps the two equal).
 */
export const CSP_DIRECTIVES: readonly string[] = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
  // Ignored in a meta tag, so it is sent only as a header.
  "frame-ancestors 'none'",
];

export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');
export const META_CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.filter((directive) => !directive.startsWith('frame-ancestors')).join('; ');
