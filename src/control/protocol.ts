/** One request on the control socket: a named command with JSON arguments. */
export interface ControlRequest {
  command: string;
  args: Record<string, unknown>;
  /** Who asks: the CLI runs as the server's operator, so it acts as a manager. */
  actor?: string;
}

/** Lines the server writes back: progress updates, then exactly one result or error. */
export type ControlMessage =
  | { type: 'progress'; data: unknown }
  | { type: 'result'; data: unknown }
  | { type: 'error'; message: string };

export const SOCKET_NAME = 'control.sock';
