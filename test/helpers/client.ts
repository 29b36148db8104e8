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
 * and sends them back on the next request. Like a browser, it shares them between the
 * servers of one host (loopback), whatever their port: `request` takes a path on the
 * client's server or a full URL.
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
    const response = await fetch(new URL(path, this.baseUrl), {
      redirect: "manual",
      ...init,
      headers,
    });
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
