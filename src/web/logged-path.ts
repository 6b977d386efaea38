/**
 * A request's path as the logs keep it. A subscription's private feed is named by its secret token
 * alone, so the token is left out: logs are read by more people, and kept longer, than the feed.
 */
export function loggedPath(path: string): string {
  return path.replace(/^\/subscriptions\/[^/]+\/feed\.atom$/, '/subscriptions/[token]/feed.atom');
}
