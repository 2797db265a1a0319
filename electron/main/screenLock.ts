import { execFile, spawn, type ChildProcess } from 'node:child_process';

/**
 * Locking the screen locks the study on Linux too (issue 22, point 6). Electron's powerMonitor
 * 'lock-screen' fires on macOS and Windows only; on Linux the session says so over D-Bus:
 * - logind's org.freedesktop.login1.Session "Lock" on the system bus, for this session's object
 *   (what `loginctl lock-session` and most desktops send);
 * - "ActiveChanged(true)" of org.freedesktop.ScreenSaver or org.gnome.ScreenSaver on the session
 *   bus (the screen saver or lock screen came on).
 * Both are heard through `dbus-monitor` (package dbus, present wherever D-Bus is), started with a
 * fixed argument list and no shell: no native module and no npm dependency to keep current. Where
 * there is no D-Bus or no dbus-monitor the watch ends quietly; the idle lock still applies.
 * No 'electron' import here, so the integration test runs it under Node against a private bus.
 */

const LOGIND_SESSION = 'org.freedesktop.login1.Session';
const SCREEN_SAVERS = ['org.freedesktop.ScreenSaver', 'org.gnome.ScreenSaver'];

/**
 * logind's object path for a session id, escaped as sd_bus_path_encode does: every byte that is
 * not a letter or digit, and a leading digit, becomes _ and two hex digits ("2" -> "_32").
 */
export function logindSessionPath(sessionId: string): string {
  if (sessionId === '') return '/org/freedesktop/login1/session/_';
  let label = '';
  for (const [index, byte] of [...Buffer.from(sessionId, 'utf8')].entries()) {
    const char = String.fromCharCode(byte);
    const plain = /[A-Za-z0-9]/.test(char) && !(index === 0 && /[0-9]/.test(char));
    label += plain ? char : `_${byte.toString(16).padStart(2, '0')}`;
  }
  return `/org/freedesktop/login1/session/${label}`;
}

/**
 * The session object in dbus-send's reply to logind's GetSessionByPID, e.g.
 * `method return … \n   object path "/org/freedesktop/login1/session/_32"`; null for anything else.
 */
export function sessionPathFromReply(reply: string): string | null {
  const path = /^\s*object path "(\/org\/freedesktop\/login1\/session\/[A-Za-z0-9_]+)"\s*$/m.exec(reply)?.[1];
  return path ?? null;
}

/** The match rules given to dbus-monitor, one per signal (quoted for D-Bus, not for a shell). */
export function systemBusRules(sessionPath: string): string[] {
  return [`type='signal',interface='${LOGIND_SESSION}',member='Lock',path='${sessionPath}'`];
}
export const SESSION_BUS_RULES = SCREEN_SAVERS.map((name) => `type='signal',interface='${name}',member='ActiveChanged'`);

/**
 * Reads dbus-monitor's text output, which may arrive in any pieces, and counts the lock signals
 * in it. A message is a header line ("signal time=… path=…; interface=…; member=…") followed by
 * its arguments, indented; ActiveChanged is a lock only when its boolean argument is true.
 * Pure: no I/O, so it is tested on recorded output.
 */
export class LockSignalParser {
  private partial = '';
  private awaitingActive = false;

  constructor(private readonly sessionPath: string | null) {}

  /** Returns how many locks the complete lines of `chunk` (with what came before) announce. */
  feed(chunk: string): number {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    let locks = 0;
    for (const line of lines) if (this.line(line)) locks += 1;
    return locks;
  }

  private line(line: string): boolean {
    if (/^\s/.test(line)) {
      // The first argument of an ActiveChanged decides; any further lines are ignored.
      const waiting = this.awaitingActive;
      this.awaitingActive = false;
      return waiting && /^\s+boolean true\s*$/.test(line);
    }
    this.awaitingActive = false;
    const header = /^signal .*\bpath=([^;\s]+); interface=([^;\s]+); member=([^;\s]+)/.exec(line);
    if (!header) return false;
    const [, path, iface, member] = header;
    if (iface === LOGIND_SESSION && member === 'Lock') return this.sessionPath !== null && path === this.sessionPath;
    if (SCREEN_SAVERS.includes(iface!) && member === 'ActiveChanged') this.awaitingActive = true;
    return false;
  }
}

export interface ScreenLockWatchOptions {
  /** logind's id of this session; from XDG_SESSION_ID. Without it only the screen savers are heard. */
  sessionId?: string | null;
  /** Bus addresses instead of the system and session buses (the tests' private buses). */
  systemBusAddress?: string;
  sessionBusAddress?: string;
  /** The dbus-monitor program (a fixed absolute path in the app). */
  monitor?: string;
  /** The dbus-send program, which asks logind for this process's session when XDG_SESSION_ID is unset. */
  send?: string;
}

/** Watches both buses until stop(); `onLock` runs once per lock signal. Never throws. */
export function watchLinuxScreenLock(onLock: () => void, options: ScreenLockWatchOptions = {}): { stop(): void } {
  const monitor = options.monitor ?? '/usr/bin/dbus-monitor';
  const sessionId = options.sessionId === undefined ? (process.env.XDG_SESSION_ID ?? null) : options.sessionId;
  const systemBus = options.systemBusAddress ? ['--address', options.systemBusAddress] : ['--system'];
  const children: ChildProcess[] = [];
  let stopped = false;

  function listen(bus: string[], rules: string[], sessionPath: string | null): void {
    if (stopped) return;
    let child: ChildProcess;
    try {
      // The monitor gets only what finds the session bus (its address, or XDG_RUNTIME_DIR/bus).
      const env: Record<string, string> = {};
      for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR']) if (process.env[name]) env[name] = process.env[name]!;
      child = spawn(monitor, [...bus, '--monitor', ...rules], { stdio: ['ignore', 'pipe', 'ignore'], env, shell: false });
    } catch {
      return;
    }
    const parser = new LockSignalParser(sessionPath);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      for (let count = parser.feed(chunk); count > 0; count -= 1) onLock();
    });
    // No dbus-monitor, no bus, no permission: the watch simply ends (spawn reports it as 'error').
    child.on('error', () => undefined);
    children.push(child);
  }

  if (sessionId) listen(systemBus, systemBusRules(logindSessionPath(sessionId)), logindSessionPath(sessionId));
  else {
    // Started outside a login session's environment: logind knows this process's session.
    const bus = options.systemBusAddress ? `--bus=${options.systemBusAddress}` : '--system';
    const manager = ['--dest=org.freedesktop.login1', '/org/freedesktop/login1', 'org.freedesktop.login1.Manager.GetSessionByPID'];
    const question = [bus, '--print-reply', ...manager, `uint32:${process.pid}`];
    execFile(options.send ?? '/usr/bin/dbus-send', question, { timeout: 5000, env: {} }, (error, stdout) => {
      const path = error ? null : sessionPathFromReply(String(stdout));
      if (path) listen(systemBus, systemBusRules(path), path);
    });
  }
  listen(options.sessionBusAddress ? ['--address', options.sessionBusAddress] : ['--session'], SESSION_BUS_RULES, null);

  return {
    stop() {
      stopped = true;
      for (const child of children) if (child.exitCode === null && !child.killed) child.kill();
      children.length = 0;
    },
  };
}
