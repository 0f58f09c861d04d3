/**
 * The Electron preload: runs sandboxed with context isolation, and exposes nothing but `window.alp`, built
 * from the contract's channels. No Node, no ipcRenderer, no secrets reach the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge-client';
import { channels } from './channels';
import type { BridgeTransport, EventMessage, MethodName } from './contract';

const transport: BridgeTransport = {
  call: (method, request) => ipcRenderer.invoke(channels.method(method as MethodName), request),
  subscribe: (message) => ipcRenderer.invoke(channels.subscribe, message),
  unsubscribe: (subId) => {
    void ipcRenderer.invoke(channels.unsubscribe, { subId });
  },
  onEvent: (listener) => {
    ipcRenderer.on(channels.event, (_event, message: EventMessage) => listener(message));
  },
};

contextBridge.exposeInMainWorld('alp', createBridge(transport));
