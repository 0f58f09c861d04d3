import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { stringify } from 'lossless-json';
import type { PaperCore } from '../../main/paper/core';
import type { RequestContext, Route } from '../../main/paper/http/routing';

const REQ = new IncomingMessage(new Socket());

/**
 * Calls a paper route's GET handler as the server does once the request is authenticated as `accountId`
 * (no socket, signing or rate limit: the read alone). Returns the body as the wire would carry it.
 */
export function readRoute(
  core: PaperCore,
  routes: readonly Route[],
  now: number,
  accountId: number,
  path: string,
  query: Record<string, string> = {},
): string {
  const route = routes.find((r) => r.method === 'GET' && r.pattern.test(path));
  if (route === undefined) throw new Error(`no route for ${path}`);
  const ctx: RequestContext = {
    req: REQ,
    method: 'GET',
    path,
    query,
    pathParams: (route.pattern.exec(path) ?? []).slice(1),
    body: { raw: Buffer.alloc(0), params: {}, json: null },
    now,
    account: core.accounts.get(accountId) ?? null,
  };
  const reply = route.handle(ctx);
  return 'body' in reply ? (stringify(reply.body) ?? '') : `empty ${reply.status}`;
}
