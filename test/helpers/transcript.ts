import type { IncomingMessage, ServerResponse } from "node:http";
import type { Options, Session } from "../../src/index.js";
import { CookieClient } from "./client.js";
import { serve } from "./server.js";
import { parseSetCookie } from "./set-cookie.js";
import { type TestStore, testStore } from "./stores.js";

/** Both implementations share this shape: `factory(options)(req, res)`. */
export type Factory = (
  options?: Options,
) => (req: IncomingMessage, res: ServerResponse) => Promise<Session>;

export type ScenarioHandler = (
  session: Session,
  req: IncomingMessage,
  res: ServerResponse,
  getSession: (req: IncomingMessage, res: ServerResponse) => Promise<Session>,
) => unknown;

export interface TranscriptSettings {
  /** Whether the spy store has `touch`. @default true */
  storeHasTouch?: boolean;
  /**
   * The `store` option built from the spy store (e.g. one with a method missing), or any
   * other value to pass instead. @default the spy store itself
   */
  store?: (spy: TestStore) => unknown;
}

export interface Step {
  path: string;
  status: number;
  body: string;
  /** Set-Cookie headers with the id replaced by a stable label and Expires made relative. */
  cookies: string[];
  /** Store calls made while serving this request, ids replaced by labels. */
  store: string[];
}

/**
 * Serves `handler` with the given implementation and records, for each request, what a
 * user can observe: status, body, Set-Cookie and the calls that reached the store. Ids and
 * dates differ between runs, so ids become labels (#1, #2…) in order of appearance and
 * Expires becomes seconds from now (rounded to the nearest 10).
 */
export async function transcript(
  factory: Factory,
  options: Options,
  handler: ScenarioHandler,
  paths: string[],
  { storeHasTouch = true, store: storeOption = (spy) => spy }: TranscriptSettings = {},
): Promise<Step[]> {
  const store = testStore({ touch: storeHasTouch });
  const getSession = factory({ ...options, store: storeOption(store) as TestStore });
  const server = await serve(async (req, res) => {
    const session = await getSession(req, res);
    await handler(session, req, res, getSession);
  });
  const client = new CookieClient(server.url);
  const labels = new Map<string, string>();
  const label = (id: string) => {
    if (!labels.has(id)) labels.set(id, `#${labels.size + 1}`);
    return labels.get(id) as string;
  };
  const steps: Step[] = [];
  for (const path of paths) {
    store.calls.length = 0;
    const response = await client.request(path);
    steps.push({
      path,
      status: response.status,
      body: response.body,
      cookies: response.setCookies.map((header) =>
        // As both implementations read the name: a falsy one is "sid", others become text.
        normalizeSetCookie(header, String(options.name || "sid"), label),
      ),
      store: store.calls.map((call) => `${call.method} ${label(call.sid)}`),
    });
  }
  return steps;
}

function normalizeSetCookie(
  header: string,
  sessionCookie: string,
  label: (id: string) => string,
): string {
  const cookie = parseSetCookie(header);
  const value = cookie.name === sessionCookie ? label(cookie.value) : cookie.value;
  const parts = [`${cookie.name}=${value}`];
  for (const [key, value] of Object.entries(cookie.attributes)) {
    if (key === "expires" && typeof value === "string" && !Number.isNaN(Date.parse(value))) {
      const seconds = (Date.parse(value) - Date.now()) / 1000;
      parts.push(seconds < -1e6 ? "expires=epoch" : `expires=+${Math.round(seconds / 10) * 10}s`);
    } else parts.push(value === true ? key : `${key}=${value}`);
  }
  return parts.join("; ");
}
