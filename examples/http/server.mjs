// The demo: `npm run demo`. Sessions live in the default MemoryStore, so they are
// lost when the server stops; use a real store in production.
import { createServer } from "node:http";
import { handler } from "./app.mjs";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

const server = createServer(handler);
server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`next-session demo listening on http://${host}:${actual}/`);
});
