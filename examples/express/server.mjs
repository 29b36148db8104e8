import { createServer } from "node:http";
import { listen } from "../shared/listen.cjs";
import { createApp } from "./app.mjs";

listen(createServer(createApp()), "next-session Express example");
