// `npm run build && node examples/redis-store/server.mjs`, with a Redis server at REDIS_URL
// (default redis://127.0.0.1:6379).
import { createServer } from "node:http";
import { handler } from "./app.mjs";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

const server = createServer(handler);
server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`next-session Redis example listening on http://${host}:${actual}/`);
});
