/** An entry of a session without expiry (the others are never negative). */
const NO_EXPIRY = -1;

/** Whether an entry expiring at `expires` (ms after the base) has by `after`. */
function hasExpired(expires: number, after: number): boolean {
  return expires !== NO_EXPIRY && expires <= after;
}

/**
 * `MemoryStore`'s owner index: owner to (session id to when that entry expires, in ms after
 * `base`, or `NO_EXPIRY`). Times are kept small for the reason `MemoryStore` keeps its
 * expiries so. Each call is one synchronous step: `MemoryStore.ownerIndex` wraps them in
 * the promises the store interface asks for.
 */
export class MemoryOwnerIndex {
  readonly #owners = new Map<string, Map<string, number>>();
  readonly #base: number;

  /** @param base - ms since the epoch that entry times count from. */
  constructor(base: number) {
    this.#base = base;
  }

  add(owner: string, sid: string, expiresAt: number | undefined): void {
    const timed = expiresAt !== undefined && Number.isFinite(expiresAt);
    if (timed && expiresAt <= Date.now()) {
      this.remove(owner, sid);
      return;
    }
    let sessions = this.#owners.get(owner);
    if (sessions === undefined) {
      sessions = new Map();
      this.#owners.set(owner, sessions);
    }
    sessions.set(sid, timed ? expiresAt - this.#base : NO_EXPIRY);
  }

  remove(owner: string, sid: string): void {
    const sessions = this.#owners.get(owner);
    if (sessions === undefined) return;
    sessions.delete(sid);
    if (sessions.size === 0) this.#owners.delete(owner);
  }

  /** The owner's sessions that have not expired; expired entries are dropped on the way. */
  list(owner: string): string[] {
    const sessions = this.#owners.get(owner);
    if (sessions === undefined) return [];
    const after = Date.now() - this.#base;
    const ids: string[] = [];
    for (const [sid, expires] of sessions) {
      if (hasExpired(expires, after)) sessions.delete(sid);
      else ids.push(sid);
    }
    if (sessions.size === 0) this.#owners.delete(owner);
    return ids;
  }

  /**
   * Drops the entries that expired by `after` (ms after the base) or whose session
   * `isStored` says is gone.
   */
  sweep(after: number, isStored: (sid: string) => boolean): void {
    for (const [owner, sessions] of this.#owners) {
      for (const [sid, expires] of sessions) {
        if (hasExpired(expires, after) || !isStored(sid)) sessions.delete(sid);
      }
      if (sessions.size === 0) this.#owners.delete(owner);
    }
  }
}
