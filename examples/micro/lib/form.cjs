/** Bodies beyond this are refused: a login form is a few dozen bytes. */
const MAX_BODY_BYTES = 1024;

/** Reads an `application/x-www-form-urlencoded` body; `undefined` when it is too large. */
async function readForm(req) {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY_BYTES) return undefined;
  }
  return new URLSearchParams(body);
}

/** The `name` field trimmed, or `undefined` unless it is 1 to 64 characters. */
function readName(form) {
  const name = form?.get("name")?.trim();
  return name && name.length <= 64 ? name : undefined;
}

module.exports = { readForm, readName };
