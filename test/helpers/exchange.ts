import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";

/**
 * A request/response pair without a network, for feeding `getSession` headers that no
 * HTTP client would send (control characters, lone surrogates).
 */
export function exchange(headers: IncomingMessage["headers"]) {
  const req = new IncomingMessage(new Socket());
  req.headers = headers;
  const res = new ServerResponse(req);
  return { req, res };
}
