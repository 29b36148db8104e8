import { nextSession } from "./next-session.js";

export * from "./exports.js";
export { nextSession };
export default nextSession;
