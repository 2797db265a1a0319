import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LockSignalParser, logindSessionPath, sessionPathFromReply, watchLinuxScreenLock } from './screenLock';

/** A header line as dbus-monitor --monitor prints it (recorded on this machine, on a private bus). */
function signal(path: string, iface: string, member: string, sender = ':1.1'): string {
  return `signal time=1796612950.909733 sender=${sender} -> destination=(null destination) serial=2 path=${path}; interface=${iface}; member=${member}`;
}
const SESSION = 'org.freedesktop.login1.Session';
const RECORDED = [
  'signal time=1796612950.409799 sender=org.freedesktop.DBus -> destination=:1.0 serial=2 path=/org/freedesktop/DBus; ' +
    'interface=org.freedesktop.DBus; member=NameAcquired',
  '   string ":1.0"',
  signal('/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver', 'ActiveChanged'),
  '   boolean true',
  signal('/org/freedesktop/login1/session/_32', SESSION, 'Lock', ':1.2'),
  '',
].join('\n');

describe('reading the session lock signals', () => {
  it('counts logind Lock for this session and a screen saver coming on, in any pieces', () => {
    const whole = new LockSignalParser('/org/freedesktop/login1/session/_32');
    expect(whole.feed(RECORDED)).toBe(2);
    // The same text a character at a time: the boolean can arrive after its header.
    const pieces = new LockSignalParser('/org/freedesktop/login1/session/_32');
    let total = 0;
    for (const char of RECORDED) total += pieces.feed(char);
    expect(total).toBe(2);
  });

  it('ignores another session, a screen saver going off, and anything else', () => {
    const parser = new LockSignalParser('/org/freedesktop/login1/session/c2');
    const text = [
      signal('/org/freedesktop/login1/session/_32', SESSION, 'Lock'),
      signal('/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver', 'ActiveChanged'),
      '   boolean false',
      signal('/org/freedesktop/login1/session/c2', SESSION, 'Unlock'),
      '   boolean true',
      signal('/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver', 'ActiveChanged'),
      '   boolean true',
      '',
    ].join('\n');
    expect(parser.feed(text)).toBe(1);
    // Without a logind session only the screen savers count.
    expect(new LockSignalParser(null).feed(RECORDED)).toBe(1);
  });

  it("reads this process's session from logind's answer to GetSessionByPID (dbus-send --print-reply)", () => {
    const reply =
      'method return time=1796612950.1 sender=:1.3 -> destination=:1.90 serial=123 reply_serial=2\n' +
      '   object path "/org/freedesktop/login1/session/_32"\n';
    expect(sessionPathFromReply(reply)).toBe('/org/freedesktop/login1/session/_32');
    const refused = 'Error org.freedesktop.login1.NoSessionForPID: PID 4242 does not belong to any known session';
    expect(sessionPathFromReply(refused)).toBeNull();
    expect(sessionPathFromReply('   object path "/org/freedesktop/login1/session/x\' ,path=\'/"')).toBeNull();
  });

  it("names this session's logind object as logind does", () => {
    expect(logindSessionPath('2')).toBe('/org/freedesktop/login1/session/_32');
    expect(logindSessionPath('c12')).toBe('/org/freedesktop/login1/session/c12');
    expect(logindSessionPath('a-b')).toBe('/org/freedesktop/login1/session/a_2db');
  });
});

const HAS_DBUS = existsSync('/usr/bin/dbus-daemon') && existsSync('/usr/bin/dbus-monitor') && existsSync('/usr/bin/dbus-send');

describe.skipIf(!HAS_DBUS)('watching private buses with dbus-monitor', () => {
  const daemons: ChildProcess[] = [];
  afterEach(() => {
    for (const daemon of daemons.splice(0)) daemon.kill();
  });

  /** A private bus of its own (dbus-daemon with the session configuration), and its address. */
  function privateBus(): Promise<string> {
    const daemon = spawn('/usr/bin/dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    daemons.push(daemon);
    return new Promise((resolve, reject) => {
      let text = '';
      daemon.stdout!.setEncoding('utf8');
      daemon.stdout!.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('\n')) resolve(text.split('\n')[0]!);
      });
      daemon.on('exit', () => reject(new Error('dbus-daemon ended')));
    });
  }

  /** Sends the signal every 100 ms until `locked` says it was heard (the monitor needs a moment to connect). */
  async function sendUntil(locked: () => boolean, send: string[]): Promise<void> {
    for (let attempt = 0; attempt < 100 && !locked(); attempt += 1) {
      spawnSync('/usr/bin/dbus-send', send);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it("locks on logind's Lock for this session (system bus) and on ActiveChanged(true) (session bus)", async () => {
    const [system, session] = await Promise.all([privateBus(), privateBus()]);
    let locks = 0;
    const options = { sessionId: '2', systemBusAddress: system, sessionBusAddress: session };
    const watch = watchLinuxScreenLock(() => (locks += 1), options);
    const lockSession = (id: string) => [`--bus=${system}`, '--type=signal', `/org/freedesktop/login1/session/${id}`, `${SESSION}.Lock`];
    try {
      // Another session's lock is not ours: sent first, it must not count.
      spawnSync('/usr/bin/dbus-send', lockSession('_33'));
      await sendUntil(() => locks > 0, lockSession('_32'));
      expect(locks).toBeGreaterThan(0);
      const before = locks;
      const screenSaverOn = [
        `--bus=${session}`,
        '--type=signal',
        '/org/gnome/ScreenSaver',
        'org.gnome.ScreenSaver.ActiveChanged',
        'boolean:true',
      ];
      await sendUntil(() => locks > before, screenSaverOn);
      expect(locks).toBeGreaterThan(before);
    } finally {
      watch.stop();
    }
  }, 30_000);

  it('ends quietly where there is no bus or no dbus-monitor', async () => {
    const nowhere = 'unix:path=/nonexistent/bus';
    const watch = watchLinuxScreenLock(() => undefined, { sessionId: '2', systemBusAddress: nowhere, sessionBusAddress: nowhere });
    const missing = watchLinuxScreenLock(() => undefined, {
      sessionId: null,
      monitor: '/nonexistent/dbus-monitor',
      send: '/nonexistent/dbus-send',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    watch.stop();
    missing.stop();
  });
});
