/**
 * SQLite's change stamp as read in the current turn of the event loop, for one connection. Every
 * shared guest page asks for the stamp, and reading it takes SQLite a read transaction (5–17 µs,
 * a fifth of a cached page's cost). Requests handled in one turn arrived together, before the read:
 * a commit by another process that the read missed came after them, so they may be answered
 * without it, as if they had come a moment earlier. The next turn reads afresh. Writes through this
 * process's own connection forget the stamp at once (db.ts), so a request that changes a work and
 * then reads sees its own change. Made by db.ts with the connection.
 */
export class TurnStamp {
  private value: string | undefined;

  get(read: () => string): string {
    if (this.value === undefined) {
      this.value = read();
      setImmediate(() => (this.value = undefined));
    }
    return this.value;
  }

  forget(): void {
    this.value = undefined;
  }
}
