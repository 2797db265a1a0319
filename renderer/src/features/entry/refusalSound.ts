/**
 * A short low tone when a key is refused, for a clerk whose eyes are on the paper. Made on the spot
 * with the Web Audio API: no sound file is fetched or shipped. Off unless this computer's settings
 * turn it on (app.settings entrySound).
 */
let context: AudioContext | null = null;

export function playRefusal(): void {
  try {
    context ??= new AudioContext();
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    const start = context.currentTime;
    oscillator.type = 'sine';
    oscillator.frequency.value = 330;
    // A quick fade in and out: a click-free 120 ms tone, quiet enough for a shared office.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(0.15, start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.001, start + 0.12);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.13);
  } catch {
    // No audio device (a headless session, a netbook without sound): the message on screen is enough.
  }
}
