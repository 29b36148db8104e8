import { describe, expect, it } from "vitest";
import {
  type CommitAction,
  isDueForTouch,
  planCommit,
  shouldSendCookie,
} from "../../src/session/policy.js";
import type { Cookie, SessionData } from "../../src/types.js";

const cookie: Cookie = { path: "/", httpOnly: true, secure: false };

describe("planCommit", () => {
  const loaded = { destroyed: false, isNew: false, mustSave: false, touched: false };
  const fresh = { ...loaded, isNew: true };
  const regenerated = { ...loaded, mustSave: true };
  const touched = { ...loaded, touched: true };
  const destroyed = { ...loaded, destroyed: true };
  const basic = { touch: false, patch: false };
  const canTouch = { touch: true, patch: false };
  const canPatch = { touch: true, patch: true };

  it.each<[string, typeof loaded, boolean, typeof basic, boolean, CommitAction]>([
    // [name, state, changed, store, explicit (commit()), action]
    ["loaded, unchanged", loaded, false, canTouch, false, "none"],
    ["loaded, changed", loaded, true, canTouch, false, "set"],
    ["loaded, touched", touched, false, canTouch, false, "touch"],
    ["loaded, touched, no store.touch", touched, false, basic, false, "set"],
    ["loaded, touched and changed", touched, true, canTouch, false, "set"],
    ["loaded, unchanged, commit()", loaded, false, canTouch, true, "set"],
    ["loaded, unchanged, store.patch", loaded, false, canPatch, false, "none"],
    ["loaded, changed, store.patch", loaded, true, canPatch, false, "patch"],
    ["loaded, touched, store.patch", touched, false, canPatch, false, "patch"],
    ["loaded, unchanged, commit(), store.patch", loaded, false, canPatch, true, "patch"],
    ["id changed (regenerate), fields not", regenerated, false, canPatch, false, "set"],
    ["new, empty", fresh, false, canPatch, false, "none"],
    ["new, empty, touched", { ...fresh, touched: true }, false, canPatch, false, "none"],
    ["new, empty, commit()", fresh, false, canPatch, true, "set"],
    ["new with data", fresh, true, canPatch, false, "set"],
    ["destroyed and changed", destroyed, true, canPatch, false, "none"],
    ["destroyed, commit()", destroyed, true, canPatch, true, "none"],
  ])("%s", (_, state, changed, store, explicit, action) => {
    expect(planCommit(state, changed, store, explicit)).toBe(action);
  });
});

describe("shouldSendCookie", () => {
  const saved = { destroyed: false, isNew: false, touched: false };
  const empty = { cookie } as SessionData;
  const filled = { cookie, user: "ada" } as SessionData;
  it.each([
    { name: "loaded, untouched", state: saved, session: filled, send: false },
    { name: "loaded, touched", state: { ...saved, touched: true }, session: filled, send: true },
    { name: "new, empty", state: { ...saved, isNew: true }, session: empty, send: false },
    { name: "new with data", state: { ...saved, isNew: true }, session: filled, send: true },
    {
      name: "destroyed (destroy() writes its own cookie)",
      state: { ...saved, destroyed: true, touched: true },
      session: filled,
      send: false,
    },
  ])("$name → $send", ({ state, session, send }) => {
    expect(shouldSendCookie(state, session)).toBe(send);
  });
});

describe("isDueForTouch", () => {
  const START = new Date("2030-01-01T00:00:00Z").getTime();
  const expiring = (expiresAt: number, maxAge = 100): Cookie => ({
    path: "/",
    httpOnly: true,
    secure: false,
    maxAge,
    expires: new Date(expiresAt),
  });
  it.each([
    {
      name: "disabled",
      touchAfterMs: -1,
      expiresAt: START + 100_000,
      now: START + 99_000,
      due: false,
    },
    {
      name: "just touched",
      touchAfterMs: 10_000,
      expiresAt: START + 100_000,
      now: START + 5_000,
      due: false,
    },
    {
      name: "exactly touchAfter",
      touchAfterMs: 10_000,
      expiresAt: START + 100_000,
      now: START + 10_000,
      due: true,
    },
    { name: "zero touchAfter", touchAfterMs: 0, expiresAt: START + 100_000, now: START, due: true },
  ])("$name → $due", ({ touchAfterMs, expiresAt, now, due }) => {
    expect(isDueForTouch(expiring(expiresAt), touchAfterMs, now)).toBe(due);
  });

  it("is never due for a browser-session cookie", () => {
    expect(isDueForTouch(cookie, 0, START)).toBe(false);
  });
});
