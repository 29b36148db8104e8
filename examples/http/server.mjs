// The demo: `npm run demo` (PORT and HOST may be set; default 127.0.0.1:3000). Sessions live
// in the default MemoryStore, so they are lost when the server stops; use a real store in
// production.
import { createServer } from "node:http";
import { listen } from "../shared/listen.cjs";
import { handler } from "./app.mjs";

listen(createServer(handler), "next-session demo");
