/** Runtimes without `process` count as production: nothing there asked for warnings. */
export function isProduction(): boolean {
  return typeof process === "undefined" || process.env.NODE_ENV === "production";
}

/**
 * The keys already warned about, on `globalThis` under a `Symbol.for` key so that every copy
 * of this module shares it: `next dev` evaluates the package again after an edit (and
 * bundles it once per runtime), and a warning must still be printed once per process.
 */
const kWarned = Symbol.for("next-session.developmentWarnings");

type GlobalWithWarnings = typeof globalThis & { [kWarned]?: Set<string> };

/** Prints `message` once per process for `key`, and never in production. */
export function warnOnceInDevelopment(key: string, message: string): void {
  if (isProduction()) return;
  const global = globalThis as GlobalWithWarnings;
  global[kWarned] ??= new Set();
  if (global[kWarned].has(key)) return;
  global[kWarned].add(key);
  console.warn(message);
}
