/**
 * What the bridge checks beyond the schema, shared by calls and subscriptions: a request that names a profile
 * must name one that exists (otherwise a stream would start polling for nobody, and a call would get as far as the
 * services), and an unexpected failure is logged with its stack before the renderer gets plain words for it.
 */
import type { BridgeErrorInfo } from '../../preload/contract';
import type { Logger } from '../log/logger';
import { BridgeError } from './errors';

export interface BridgeGuards {
  /** True when a profile with this id exists now. Without it, profile ids are not checked here. */
  profileExists?: (id: string) => boolean;
  /** Where unexpected errors ("Something went wrong") are recorded, with reason and stack. */
  log?: Logger;
}

/** Throws a not-found BridgeError when the parsed request names a profile that does not exist. */
export function checkProfile(guards: BridgeGuards, request: unknown, what: string): void {
  if (!guards.profileExists || !request || typeof request !== 'object' || !Object.hasOwn(request, 'profileId')) return;
  const id = (request as { profileId: unknown }).profileId;
  if (typeof id === 'string' && !guards.profileExists(id)) {
    throw new BridgeError(
      'not_found',
      `${what}: there is no account profile with id "${id}"; it may have been removed. Pick another account.`,
      'profileId',
    );
  }
}

/** Logs the original error when the renderer is only told that something went wrong. */
export function logIfInternal(guards: BridgeGuards, info: BridgeErrorInfo, error: unknown, what: string): void {
  if (info.code === 'internal') guards.log?.error('bridge.internal_error', error, { what });
}
