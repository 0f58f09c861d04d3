import type { IncomingMessage } from 'node:http';
import type { Account } from '../state';
import type { ParsedBody } from './wire';

export type AuthKind = 'public' | 'v1' | 'v3' | 'v3-login' | 'none';

export interface RequestContext {
  req: IncomingMessage;
  method: string;
  path: string;
  query: Record<string, string>;
  pathParams: string[];
  body: ParsedBody;
  now: number;
  /** Set for private routes once authenticated. */
  account: Account | null;
}

export type Reply = { status: number; body: unknown } | { status: number; empty: true };

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Matched against the path without its trailing slash. */
  pattern: RegExp;
  auth: AuthKind;
  /** Which API's error shape the route answers with: `{date, error}` (default) or `{code, message}`. */
  dialect?: 'documented' | 'current';
  /** True when the route changes state: the journal is fsynced before the reply. */
  mutates?: boolean;
  /**
   * The request's own deadline (`valid_till`, epoch ms) when it carries one: checked before authentication, so a
   * late request is refused ("request expired") with nothing changed, not even its nonce.
   */
  deadline?(ctx: RequestContext): number | undefined;
  handle(ctx: RequestContext): Reply;
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const empty = (status: number): Reply => ({ status, empty: true });

/** The authenticated account; private handlers run only after authentication. */
export function accountOf(ctx: RequestContext): Account {
  if (ctx.account === null) throw new Error('private route reached without an account');
  return ctx.account;
}
