import { defineConfig } from "tsup";

const entry = {
  index: "src/index.ts",
  compat: "src/stores/compat.ts",
  "store-contract": "src/stores/store-contract.ts",
  next: "src/next.ts",
  redis: "src/stores/redis-store.ts",
};

export default defineConfig([
  {
    // edge: the entry point without Node built-ins, for the `edge-light`, `workerd` and
    // `worker` export conditions. Those runtimes load ESM, so it has no CJS build.
    entry: { ...entry, edge: "src/edge.ts" },
    format: "esm",
    dts: true,
    clean: true,
    target: "node20",
    platform: "node",
  },
  {
    entry,
    format: "cjs",
    dts: true,
    target: "node20",
    platform: "node",
    // nanoid 5 ships ESM only; bundling it keeps `require("next-session")`
    // working on every Node 20 release without `--experimental-require-module`.
    noExternal: ["nanoid"],
    // Named CJS exports plus `.default` for `require("next-session").default`.
    cjsInterop: false,
  },
]);
