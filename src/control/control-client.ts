import { connect } from 'node:net';
import { join } from 'node:path';
import { SOCKET_NAME, type ControlMessage, type ControlRequest } from './protocol.ts';

/**
 * Sends a command to the running bot. Resolves with its result; rejects with its error.
 * Resolves `undefined`-tagged `{ reachable: false }` when no bot listens on this data folder.
 */
export function callControl(
  dataDir: string,
  request: ControlRequest,
  onProgress?: (data: unknown) => void,
): Promise<{ reachable: true; result: unknown } | { reachable: false }> {
  return new Promise((resolve, reject) => {
    const socket = connect(join(dataDir, SOCKET_NAME));
    let buf = '';
    let done = false;
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const message = JSON.parse(buf.slice(0, nl)) as ControlMessage;
        buf = buf.slice(nl + 1);
        if (message.type === 'progress') onProgress?.(message.data);
        else {
          done = true;
          if (message.type === 'result') resolve({ reachable: true, result: message.data });
          else reject(new Error(message.message));
        }
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (done) return;
      if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED') resolve({ reachable: false });
      else reject(e);
    });
    socket.on('close', () => {
      if (!done) resolve({ reachable: false });
    });
  });
}
