// One getSession for the whole app, created once at start-up: every module imports it.
import nextSession from "next-session";
import { RedisStore } from "next-session/redis";
import { createClient } from "redis";

const client = createClient({
  url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  // While Redis is unreachable, store calls fail at once (the app answers 503) instead of
  // waiting in a queue until the store's timeout.
  disableOfflineQueue: true,
});
// node-redis reports a lost connection as an "error" event, and an "error" event without a
// listener ends the process. It reconnects by itself.
client.on("error", (error) => console.warn(`redis: ${error.message}`));
await client.connect();

export const getSession = nextSession({
  store: new RedisStore({ client, prefix: "example:" }),
  cookie: { sameSite: "lax", maxAge: 60 * 60 * 24 },
  touchAfter: 60,
});
