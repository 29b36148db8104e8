/** One `Set-Cookie` header, parsed the way a browser reads it. */
export interface ParsedSetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flags such as HttpOnly map to `true`. */
  attributes: Record<string, string | true>;
}

export function parseSetCookie(header: string): ParsedSetCookie {
  const [pair = "", ...parts] = header.split(";");
  const eq = pair.indexOf("=");
  const attributes: Record<string, string | true> = {};
  for (const part of parts) {
    const index = part.indexOf("=");
    const key = (index === -1 ? part : part.slice(0, index)).trim().toLowerCase();
    attributes[key] = index === -1 ? true : part.slice(index + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

/** Every Set-Cookie header of a response, whatever form the client library gives. */
export function setCookieHeaders(headers: Record<string, unknown> | Headers): string[] {
  if (typeof (headers as Headers).getSetCookie === "function") {
    return (headers as Headers).getSetCookie();
  }
  const value = (headers as Record<string, unknown>)["set-cookie"];
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** The Set-Cookie headers for one cookie name. */
export function cookiesNamed(headers: Record<string, unknown> | Headers, name: string) {
  return setCookieHeaders(headers)
    .map(parseSetCookie)
    .filter((cookie) => cookie.name === name);
}
