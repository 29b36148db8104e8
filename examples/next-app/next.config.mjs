import { fileURLToPath } from "node:url";

// `next-session` is linked from two folders up (`file:../..`): the bundler and the output
// tracer must be allowed to read files there, or they stop at this folder.
const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  outputFileTracingRoot: repositoryRoot,
  turbopack: { root: repositoryRoot },
};

export default nextConfig;
