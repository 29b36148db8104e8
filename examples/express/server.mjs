import { createApp } from "./app.mjs";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

const server = createApp().listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`next-session Express example listening on http://${host}:${actual}/`);
});
