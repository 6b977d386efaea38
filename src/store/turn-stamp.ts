/**
 * SQLite's change stamp as read in the current turn of the event loop, per connection. Every
 * shared guest page asks for the stamp, and reading it takes SQLite a read transaction (5–17 µs,
 * a fifth of a cached page's cost). Requests handled in one turn arrived together, before the read:
 * a commit by another process that the read missed came after them, so they may be answered
 * without it, as if they had come a moment earlier. The next turn reads afresh. Writes through this
 * process's own connection forget the stamp at once (db.ts), so a request that changes a work and
 * then reads sees its own change.
 */
const stamps = new WeakMap<object, string>();

export function turnStamp(conn: object, read: () => string): string {
  let s = stamps.get(conn);
  if (s === undefined) {
    s = read();
    stamps.set(conn, s);
    setImmediate(() => stamps.delete(conn));
  }
  return s;
}

export function forgetTurnStamp(conn: object): void {
  stamps.delete(conn);
}
