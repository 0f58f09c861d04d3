/**
 * Streaming sockets for browser mode and tests, on the `ws` package (plain Node 20 has no global WebSocket;
 * Electron's main process uses its own, see main/api/ws/socket.ts). Handlers are attached at creation.
 */
import WebSocket from 'ws';
import type { OpenSocket } from '../api/ws/socket';

export const wsOpener: OpenSocket = (url, on) => {
  const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
  ws.on('error', (e) => on.error(e.message));
  ws.on('open', () => on.open());
  ws.on('close', (code, reason) => on.close(code, reason.toString()));
  ws.on('message', (data, isBinary) => {
    if (!isBinary) on.message(data.toString());
  });
  return {
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    close: () => {
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close();
    },
  };
};
