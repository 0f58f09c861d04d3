import type { PaperCore } from '../../core';
import type { Route } from '../../http/routing';
import { currentAccountRoutes } from './accounts';
import { currentMarginRoutes } from './margin';
import { currentPublicRoutes } from './public';
import { currentTradingRoutes } from './trading';

/** Every path of today's ALP.COM (../shared/alp-api-current.md), on the same core as the documented dialect. */
export function currentRoutes(core: PaperCore): Route[] {
  return [
    ...currentPublicRoutes(core),
    ...currentAccountRoutes(core),
    ...currentTradingRoutes(core),
    ...currentMarginRoutes(core),
  ];
}

/**
 * The route table: a current route that serves a path of both dialects replaces the documented one, since it
 * answers the union of both shapes. Current routes come first (the first match wins), so they keep winning even
 * if a documented pattern is later written differently; identical documented entries are dropped.
 */
export function withCurrentRoutes(documented: readonly Route[], current: readonly Route[]): Route[] {
  const key = (r: Route): string => `${r.method} ${r.pattern.source}`;
  const taken = new Set(current.map(key));
  return [...current, ...documented.filter((r) => !taken.has(key(r)))];
}
