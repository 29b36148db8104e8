// One benchmark server, run in its own process so that its CPU time is its own.
// Started by http.mjs with the implementation's name; answers `cpu` messages over IPC.
import { createServer } from "node:http";
import { createHandler } from "./implementations.mjs";

const name = process.argv[2];
const handle = createHandler(name);
let requests = 0;

const server = createServer((req, res) => {
  requests += 1;
  handle(req, res);
});
server.keepAliveTimeout = 60_000;

process.on("message", (message) => {
  if (message === "cpu") {
    const { user, system } = process.cpuUsage();
    process.send({ cpuMicros: user + system, requests });
  } else if (message === "stop") {
    server.close();
    process.disconnect();
  }
});

server.listen(0, "127.0.0.1", () => {
  process.send({ port: server.address().port });
});
