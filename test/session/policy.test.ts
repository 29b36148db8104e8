import { describe, expect, it } from "vitest";
import { type CommitAction, planCommit } from "../../src/session/policy.js";

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
