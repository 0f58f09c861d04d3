import type { MethodName } from './contract';

/** The only place IPC channel strings exist; everything else derives them from here. */
export const channels = {
  method: (name: MethodName): string => `alp:call:${name}`,
  subscribe: 'alp:subscribe',
  unsubscribe: 'alp:unsubscribe',
  event: 'alp:event',
} as const;
