// The two functions `next-session/next` calls, declared here so that building and checking
// this package does not need `next` installed; an app has the real ones (an optional peer
// dependency). With ".js": `next` has no exports map, so Node's ESM loader needs the file.
declare module "next/headers.js" {
  export function cookies(): Promise<import("./hosts/cookie-store.js").SessionCookieStore>;
}
declare module "next/server.js" {
  export function connection(): Promise<void>;
}
