import { parseSetCookie, setCookieHeaders } from "./set-cookie.js";

export interface ClientResponse {
  status: number;
  body: string;
  headers: Headers;
  /** Every Set-Cookie header of this response. */
  setCookies: string[];
}

/**
 * A minimal browser-like client: keeps cookies from Set-Cookie (dropping expired ones)
 * and sends them back on the next request to the same server.
 */
export class CookieClient {
  readonly jar = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async request(path = "/", init: RequestInit = {}): Promise<ClientResponse> {
    const headers = new Headers(init.headers);
    if (this.jar.size > 0 && !headers.has("cookie")) headers.set("cookie", this.cookieHeader);
    const response = await fetch(this.baseUrl + path, { redirect: "manual", ...init, headers });
    const setCookies = setCookieHeaders(response.headers);
    for (const cookie of setCookies.map(parseSetCookie)) {
      const expires = cookie.attributes.expires;
      const expired = typeof expires === "string" && Date.parse(expires) <= Date.now();
      if (expired) this.jar.delete(cookie.name);
      else this.jar.set(cookie.name, cookie.value);
    }
    return {
      status: response.status,
      body: await response.text(),
      headers: response.headers,
      setCookies,
    };
  }
}
