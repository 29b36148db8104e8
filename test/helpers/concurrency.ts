import type { IncomingMessage } from "node:http";
import type { SessionStore } from "../../src/types.js";
import { sessionApp } from "./app.js";

/** A promise the test settles when it chooses: it orders the requests of a scenario. */
export function gate(): { open: () => void; opened: Promise<void> } {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

export function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? "/", "http://app.test").pathname;
}

/** The fields of a stored record, as the store holds it now (without its cookie). */
export async function storedFields(
  store: SessionStore,
  sid: string,
): Promise<Record<string, unknown> | null> {
  const record = await store.get(sid);
  if (!record) return null;
  const { cookie: _cookie, ...fields } = record;
  return fields;
}

/**
 * Starts a session over HTTP, then sends `count` requests of it together, each setting one
 * field (`f0`, `f1`, …), and holds every one until all of them have loaded the session: the
 * order in which whole-record writes lose the most. Resolves to the id and the stored fields.
 */
export async function parallelWriters(store: SessionStore, count: number) {
  let loaded = 0;
  const allLoaded = gate();
  const app = await sessionApp({ store }, async (session, req, res) => {
    const field = pathOf(req).slice(1);
    if (field === "") {
      session.started = true;
    } else {
      loaded += 1;
      if (loaded === count) allLoaded.open();
      await allLoaded.opened;
      session[field] = true;
    }
    res.end(session.id);
  });
  const client = app.client();
  const { body: sid } = await client.request("/");
  await Promise.all(Array.from({ length: count }, (_, index) => client.request(`/f${index}`)));
  return { sid, fields: await storedFields(store, sid) };
}
