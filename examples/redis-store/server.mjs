// `npm run build && node examples/redis-store/server.mjs`, with a Redis server at REDIS_URL
// (default redis://127.0.0.1:6379). PORT and HOST may be set; default 127.0.0.1:3000.
import { createServer } from "node:http";
import { listen } from "../shared/listen.cjs";
import { handler } from "./app.mjs";

listen(createServer(handler), "next-session Redis example");
