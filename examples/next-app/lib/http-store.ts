import type { SessionData, SessionStore } from "next-session";

/**
 * A session store reached over HTTP, for code that runs on the edge runtime, where this
 * process's memory (and TCP clients for Redis or PostgreSQL) are out of reach. Hosted
 * stores with a REST API work the same way. Here it talks to this app's own
 * `/api/session-store/[id]` route, which keeps sessions in the shared MemoryStore.
 */
export class HttpStore implements SessionStore {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private async call(id: string, method: string, body?: SessionData): Promise<Response> {
    const response = await fetch(`${this.baseUrl}/${encodeURIComponent(id)}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
      cache: "no-store",
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok && response.status !== 404) {
      throw new Error(`session store: ${method} answered ${response.status}`);
    }
    return response;
  }

  async get(id: string): Promise<SessionData | null> {
    const response = await this.call(id, "GET");
    // `cookie.expires` comes back as a string; next-session turns it into a Date again.
    return response.status === 404 ? null : ((await response.json()) as SessionData);
  }

  async set(id: string, session: SessionData): Promise<void> {
    await this.call(id, "PUT", session);
  }

  async destroy(id: string): Promise<void> {
    await this.call(id, "DELETE");
  }
}

/**
 * The token that the store route requires. An example default keeps `next start` working
 * out of the box; set SESSION_STORE_TOKEN to a secret in any real deployment.
 */
export const storeToken = process.env.SESSION_STORE_TOKEN ?? "example-only-token";
