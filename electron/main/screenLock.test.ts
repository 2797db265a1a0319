import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LockSignalParser, logindSessionPath, watchLinuxScreenLock } from './screenLock';

// Recorded from dbus-monitor --monitor on this machine (a private bus, the signals sent with dbus-send).
const RECORDED = [
  'signal time=1796612950.409799 sender=org.freedesktop.DBus -> destination=:1.0 serial=2 path=/org/freedesktop/DBus; interface=org.freedesktop.DBus; member=NameAcquired',
  '   string ":1.0"',
  'signal time=1796612950.909733 sender=:1.1 -> destination=(null destination) serial=2 path=/org/freedesktop/ScreenSaver; interface=org.freedesktop.ScreenSaver; member=ActiveChanged',
  '   boolean true',
  'signal time=1796612950.915092 sender=:1.2 -> destination=(null destination) serial=2 path=/org/freedesktop/login1/session/_32; interface=org.freedesktop.login1.Session; member=Lock',
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
      'signal time=1 sender=:1.2 -> destination=(null destination) serial=2 path=/org/freedesktop/login1/session/_32; interface=org.freedesktop.login1.Session; member=Lock',
      'signal time=2 sender=:1.1 -> destination=(null destination) serial=3 path=/org/gnome/ScreenSaver; interface=org.gnome.ScreenSaver; member=ActiveChanged',
      '   boolean false',
      'signal time=3 sender=:1.2 -> destination=(null destination) serial=4 path=/org/freedesktop/login1/session/c2; interface=org.freedesktop.login1.Session; member=Unlock',
      '   boolean true',
      'signal time=4 sender=:1.1 -> destination=(null destination) serial=5 path=/org/gnome/ScreenSaver; interface=org.gnome.ScreenSaver; member=ActiveChanged',
      '   boolean true',
      '',
    ].join('\n');
    expect(parser.feed(text)).toBe(1);
    // Without a logind session only the screen savers count.
    expect(new LockSignalParser(null).feed(RECORDED)).toBe(1);
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
    const daemon = spawn('/usr/bin/dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
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
    const watch = watchLinuxScreenLock(() => (locks += 1), { sessionId: '2', systemBusAddress: system, sessionBusAddress: session });
    try {
      // Another session's lock is not ours: sent first, it must not count.
      spawnSync('/usr/bin/dbus-send', [`--bus=${system}`, '--type=signal', '/org/freedesktop/login1/session/_33', 'org.freedesktop.login1.Session.Lock']);
      await sendUntil(() => locks > 0, [`--bus=${system}`, '--type=signal', '/org/freedesktop/login1/session/_32', 'org.freedesktop.login1.Session.Lock']);
      expect(locks).toBeGreaterThan(0);
      const before = locks;
      await sendUntil(() => locks > before, [`--bus=${session}`, '--type=signal', '/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver.ActiveChanged', 'boolean:true']);
      expect(locks).toBeGreaterThan(before);
    } finally {
      watch.stop();
    }
  }, 30_000);

  it('ends quietly where there is no bus or no dbus-monitor', async () => {
    const watch = watchLinuxScreenLock(() => undefined, { sessionId: '2', systemBusAddress: 'unix:path=/nonexistent/bus', sessionBusAddress: 'unix:path=/nonexistent/bus' });
    const missing = watchLinuxScreenLock(() => undefined, { monitor: '/nonexistent/dbus-monitor' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    watch.stop();
    missing.stop();
  });
});
