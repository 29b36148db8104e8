// A tiny stand-in for `micro` / a serverless platform: one Node HTTP server that hands
// every request to the exported function and sends what it returns. Errors answer 500.
const { createServer } = require("node:http");
const { listen } = require("../shared/listen.cjs");
const handler = require("./api/index.cjs");

const server = createServer(async (req, res) => {
  try {
    const body = await handler(req, res);
    if (!res.writableEnded) res.end(body);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) res.statusCode = 500;
    res.end("Internal Server Error");
  }
});

listen(server, "micro-style example");
