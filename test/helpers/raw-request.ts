import { connect } from "node:net";

/**
 * Sends an HTTP/1.1 request byte for byte (repeated headers, odd bytes) and resolves
 * with the status code and body of the response.
 */
export function rawRequest(
  url: string,
  headerLines: string[],
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        ["GET / HTTP/1.1", `Host: ${hostname}`, "Connection: close", ...headerLines, "", ""].join(
          "\r\n",
        ),
        "latin1",
      );
    });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const status = Number(text.slice(9, 12));
      resolve({ status, body: text.slice(text.indexOf("\r\n\r\n") + 4) });
    });
  });
}
