/** Bodies beyond this are refused: a login form is a few dozen bytes. */
const MAX_BODY_BYTES = 1024;

/**
 * Reads an `application/x-www-form-urlencoded` body from a plain Node request;
 * `undefined` when it is too large.
 */
async function readForm(req) {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY_BYTES) return undefined;
  }
  return new URLSearchParams(body);
}

/** The login name trimmed, or `undefined` unless it is a string of 1 to 64 characters. */
function readName(value) {
  const name = typeof value === "string" ? value.trim() : "";
  return name.length > 0 && name.length <= 64 ? name : undefined;
}

module.exports = { readForm, readName };
