/**
 * Starts `server` on PORT and HOST (default 127.0.0.1:3000) and prints its URL. A port that
 * is taken (say, by a Next.js app on 3000) is a one-line message saying what to do, not a
 * stack trace.
 */
function listen(server, label) {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "127.0.0.1";
  server.on("error", (error) => {
    if (error.code !== "EADDRINUSE") throw error;
    console.error(
      `${label}: port ${port} on ${host} is already in use. Stop what uses it, or set PORT to another port (for example PORT=3001).`,
    );
    process.exitCode = 1;
  });
  server.listen(port, host, () => {
    console.log(`${label} listening on http://${host}:${server.address().port}/`);
  });
}

module.exports = { listen };
