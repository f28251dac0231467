// Shared handling of Schema Registry list requests: the listing Accept header, the paging query and the
// `{results, _page, _links}` envelope whose `next` values let a client walk every page. As schema-registry.yaml
// defines it (listResponseBasic / linksBasic), `_links.next` is a URI string and `_page.next` the next `start`
// value; both are null on the last page.
import type { SimContext, SimRequest, SimResponse } from '../core/types';
import { baseUrl, headerValue } from '../core/request';
import { XDM, xdmError } from './errors';
import { paginate, type PageQuery, type PageResult } from './paging';

export const MAX_LIMIT = 500;

/** Listing Accept: `application/vnd.adobe.{xed|xdm}[-id]+json`, without a version. */
export function listingMode(req: SimRequest, ctx: SimContext): 'id' | 'full' | SimResponse {
  const accept = (headerValue(req, 'accept') ?? '').trim();
  const m = /^application\/vnd\.adobe\.(?:xed|xdm)(-id)?\+json$/i.exec(accept);
  if (m) return m[1] ? 'id' : 'full';
  return xdmError(ctx, 400, XDM.acceptList, 'Accept header invalid',
    `The supplied Accept header is not valid: ${accept || '(none)'} - A valid Accept value should look like application/vnd.adobe.{xed|xdm}+json`);
}

export function parseListQuery(req: SimRequest, ctx: SimContext, defaultOrderBy: string): PageQuery | SimResponse {
  const rawLimit = req.query.get('limit');
  let limit = ctx.config.pageSize;
  if (rawLimit !== null) {
    const n = Number(rawLimit);
    if (!Number.isInteger(n) || n < 0 || n > MAX_LIMIT) {
      return xdmError(ctx, 400, XDM.badRequest, 'Bad request', `limit must be an integer between 0 and ${MAX_LIMIT}: ${rawLimit}`);
    }
    if (n > 0) limit = n;
  }
  return {
    orderby: req.query.get('orderby') || defaultOrderBy,
    start: req.query.get('start') ?? undefined,
    limit,
    filters: req.query.getAll('property').filter(Boolean),
  };
}

export function isResponse(x: unknown): x is SimResponse {
  return typeof x === 'object' && x !== null && 'status' in x && typeof (x as SimResponse).status === 'number';
}

/** The continuation link repeats every query parameter of the request, with `start` set to `_page.next`. */
function nextHref(req: SimRequest, q: PageQuery, next: string): string {
  const params = new URLSearchParams();
  params.set('orderby', q.orderby);
  params.set('start', next);
  params.set('limit', String(q.limit));
  for (const f of q.filters) params.append('property', f);
  return `${baseUrl(req)}${req.path}?${params.toString()}`;
}

export function listEnvelope<T>(req: SimRequest, q: PageQuery, page: PageResult<T>, results: unknown[], extraLinks: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    results,
    _page: { orderby: q.orderby, next: page.next, count: results.length },
    _links: { next: page.next === null ? null : nextHref(req, q, page.next), ...extraLinks },
  };
}

export { paginate };
