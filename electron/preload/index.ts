import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL, eventNames, methodNames, type Bridge } from '../api/contract';

/**
 * The renderer's only door to the app: invoke(name, input) for the contract's methods and on(event)
 * for its push events. Names outside the contract are refused here and again in the main process.
 */
const allowedMethods = new Set<string>(methodNames);
const allowedEvents = new Set<string>(eventNames);

const bridge: Bridge = {
  invoke(name, input) {
    if (!allowedMethods.has(name)) {
      return Promise.resolve({ ok: false, error: { code: 'INVALID_INPUT', message: 'Unknown method.' } });
    }
    return ipcRenderer.invoke(INVOKE_CHANNEL, name, input);
  },
  on(event, listener) {
    if (!allowedEvents.has(event)) throw new Error('Unknown event');
    const wrapped = (_event: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
};

contextBridge.exposeInMainWorld('mixwise', bridge);
