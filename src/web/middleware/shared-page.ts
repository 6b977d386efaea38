import zlib from 'node:zlib';

/** One way a shared page is sent: its bytes and its headers (the route's, without the length). */
export interface PageVariant {
  body: Buffer;
  headers: Array<[string, string]>;
  /**
   * The same headers plus the fixed ones, flat, as the server's shortcut writes them (made on first
   * use), ending with the request id's and the policy count's values: filled in before each write.
   */
  raw?: string[];
}

/** A rendered page as any guest gets it: as rendered, and gzipped for clients that take gzip. */
export interface SharedPage {
  plain: PageVariant;
  /** Undefined for pages too small to gain from it. */
  gzip: PageVariant | undefined;
}

// Below this, the gzip header and the client's decoding cost more than the bytes saved.
const GZIP_MIN_BYTES = 1024;
// Level 4: a 76 KB listing shrinks to ~12 KB in under 2 ms, once per page per change; level 6
// takes a fifth longer for ~6 % fewer bytes.
const GZIP_LEVEL = 4;

/**
 * Makes the shared page from a rendered body and the route's headers. Compressed once here, not
 * per request: a cached page is sent thousands of times, and its gzipped bytes are a sixth of a
 * listing's. Both variants say `Vary: Accept-Encoding`, so any cache in between keeps them apart.
 */
export function sharedPage(body: Buffer, routeHeaders: Array<[string, string]>): SharedPage {
  const vary = routeHeaders.find(([name]) => name === 'vary')?.[1];
  const headers: Array<[string, string]> = [
    ...routeHeaders.filter(([name]) => name !== 'content-length' && name !== 'vary' && name !== 'content-encoding'),
    ['vary', vary ? `${vary}, accept-encoding` : 'accept-encoding'],
  ];
  let gzip: PageVariant | undefined;
  if (body.length >= GZIP_MIN_BYTES) {
    const z = zlib.gzipSync(body, { level: GZIP_LEVEL });
    if (z.length < body.length) gzip = { body: z, headers: [...headers, ['content-encoding', 'gzip']] };
  }
  return { plain: { body, headers }, gzip };
}

export function variantFor(page: SharedPage, gzipAccepted: boolean): PageVariant {
  return gzipAccepted && page.gzip ? page.gzip : page.plain;
}

/** What a page holds in memory, for the cache's byte budget. */
export function sharedPageBytes(page: SharedPage): number {
  return page.plain.body.length + (page.gzip?.body.length ?? 0) + 512;
}
