// The one place that configures sessions: every handler imports `getSession` from here.
const { default: nextSession, MemoryStore } = require("next-session");

// MemoryStore keeps sessions in this process only: fine for a demo, lost on restart, and
// useless on a serverless platform, which starts many processes. Use a real store there.
const getSession = nextSession({
  store: new MemoryStore(),
  cookie: { sameSite: "lax", maxAge: 60 * 60 * 24 },
  touchAfter: 60,
});

module.exports = { getSession };
