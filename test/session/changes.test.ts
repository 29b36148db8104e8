import { describe, expect, it } from "vitest";
import {
  fieldChanges,
  fieldsChanged,
  NO_FIELDS,
  snapshotFields,
} from "../../src/session/changes.js";
import type { SessionData } from "../../src/types.js";

const cookie = { path: "/", httpOnly: true, secure: false };

/** What 4.0.5 compared: the JSON of the session without its cookie. */
function jsonWithoutCookie(session: Record<string, unknown>): string {
  return JSON.stringify(session, (key, value) => (key === "cookie" ? undefined : value));
}

type Fields = Record<string, unknown>;

const starts: Fields[] = [
  {},
  { views: 1 },
  { a: 1, b: "x", c: true, d: null },
  { user: { id: 1, roles: ["admin"] }, views: 3 },
  { list: [1, 2, { x: 1 }] },
  { when: new Date(0) },
  { nan: Number.NaN, inf: Number.POSITIVE_INFINITY },
  { n: 0 },
];

/** Sets `key` to `value` when the session has that field. */
function replace(key: string, value: unknown): (fields: Fields) => void {
  return (fields) => {
    if (key in fields) fields[key] = value;
  };
}

function add(key: string, value: unknown): (fields: Fields) => void {
  return (fields) => {
    fields[key] = value;
  };
}

const changes: [string, (fields: Fields) => void][] = [
  ["nothing", () => {}],
  ["reads every field", (f) => void Object.values(f)],
  ["sets views to the same value", (f) => add("views", f.views)(f)],
  ["increments views", (f) => add("views", Number(f.views ?? 0) + 1)(f)],
  ["adds a field", add("added", 1)],
  ["adds an undefined field", add("added", undefined)],
  ["adds a function field", add("added", () => 1)],
  ["deletes the first field", (f) => void delete f[Object.keys(f)[0] ?? ""]],
  [
    "moves the first field last",
    (f) => {
      const [key] = Object.keys(f);
      if (key === undefined) return;
      const value = f[key];
      delete f[key];
      f[key] = value;
    },
  ],
  [
    "mutates a nested object",
    (f) => {
      const user = f.user as { id: number } | undefined;
      if (user) user.id += 1;
    },
  ],
  ["pushes to an array", (f) => void (f.list as unknown[] | undefined)?.push(4)],
  ["replaces an object by an equal one", replace("user", { id: 1, roles: ["admin"] })],
  ["replaces an object by its JSON", (f) => replace("user", JSON.stringify(f.user))(f)],
  ["turns a number into a string", (f) => replace("views", String(f.views))(f)],
  ["sets NaN to Infinity", replace("nan", Number.NEGATIVE_INFINITY)],
  ["sets 0 to -0", replace("n", -0)],
  ["moves a date", (f) => void (f.when as Date | undefined)?.setTime(1000)],
  ["sets a field to undefined", replace("a", undefined)],
  ["sets a field to null", replace("a", null)],
];

/** Applies `changes` to a record kept as JSON, as a store's patch would. */
function applied(json: string, changes: ReturnType<typeof fieldChanges>): Fields {
  const record = JSON.parse(json) as Fields;
  for (const [key, value] of changes?.set ?? []) record[key] = value;
  for (const key of changes?.unset ?? []) delete record[key];
  return record;
}

describe("fieldChanges", () => {
  for (const start of starts) {
    it.each(changes)(
      `${JSON.stringify(start)}: %s turns the old record into the new one`,
      (_, change) => {
        const session = { ...structuredClone(start), cookie } as SessionData;
        const before = jsonWithoutCookie(session);
        const snapshot = snapshotFields(session);
        change(session as Fields);
        const found = fieldChanges(session, snapshot);
        // Nothing changed: no patch. A patch may leave out a mere change of key order.
        if (!fieldsChanged(session, snapshot)) expect(found).toBeUndefined();
        const expected = JSON.parse(jsonWithoutCookie(session)) as Fields;
        expect(JSON.parse(JSON.stringify(applied(before, found)))).toEqual(expected);
      },
    );
  }

  it("reports only what changed, and keeps __proto__ as a field name", () => {
    const session = JSON.parse(
      '{"cookie":{},"a":1,"b":{"x":1},"c":"k","__proto__":1}',
    ) as SessionData;
    const snapshot = snapshotFields(session);
    const fields = session as Fields;
    fields.a = 2;
    delete fields.c;
    fields.d = [1];
    Object.defineProperty(fields, "__proto__", { value: 2, enumerable: true, writable: true });
    expect(fieldChanges(session, snapshot)).toEqual({
      set: [
        ["a", 2],
        ["__proto__", 2],
        ["d", [1]],
      ],
      unset: ["c"],
    });
  });
});

describe("fieldsChanged", () => {
  for (const start of starts) {
    it.each(changes)(`${JSON.stringify(start)}: %s agrees with comparing JSON`, (_, change) => {
      const session = { ...structuredClone(start), cookie } as SessionData;
      const before = jsonWithoutCookie(session);
      const snapshot = snapshotFields(session);
      change(session as Fields);
      const after = jsonWithoutCookie(session);
      expect(fieldsChanged(session, snapshot)).toBe(before !== after);
    });
  }

  it("ignores the cookie", () => {
    const session = { cookie: { ...cookie }, views: 1 } as SessionData;
    const snapshot = snapshotFields(session);
    session.cookie.path = "/other";
    expect(fieldsChanged(session, snapshot)).toBe(false);
  });

  it("sees any field on a session that the store does not have", () => {
    expect(fieldsChanged({ cookie } as SessionData, NO_FIELDS)).toBe(false);
    expect(fieldsChanged({ cookie, a: 1 } as SessionData, NO_FIELDS)).toBe(true);
    expect(fieldsChanged({ cookie, a: undefined } as SessionData, NO_FIELDS)).toBe(false);
  });

  it("throws as JSON does on a field that cannot be serialised", () => {
    expect(() => snapshotFields({ cookie, big: { n: 1n } } as SessionData)).toThrow(TypeError);
  });
});
