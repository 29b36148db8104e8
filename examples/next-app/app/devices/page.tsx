import { appSession } from "next-session/next";
import { getSession } from "../../lib/session";
import { signOutDevice, signOutOtherDevices } from "../actions";

function time(date: Date | undefined) {
  return date === undefined ? (
    "never"
  ) : (
    <time dateTime={date.toISOString()}>{date.toUTCString()}</time>
  );
}

/**
 * The signed-in user's sessions, one per browser that signed in: listed from the store's
 * owner index (the `owner` option in lib/session.ts). Only reached with a session: the proxy
 * sends everyone else to /login.
 */
export default async function Devices() {
  const session = await appSession(getSession);
  if (!session.user) return <p>Not signed in.</p>;
  const devices = await getSession.listSessions<string>(session.user.name, session);
  return (
    <main>
      <h1>Your devices</h1>
      <ul id="devices">
        {devices.map((device) => (
          <li key={device.handle} className={device.current ? "device current" : "device"}>
            <strong className="details">{device.details ?? "unknown browser"}</strong>
            <br />
            Signed in {time(device.createdAt)}, last active {time(device.lastActiveAt)}, expires{" "}
            {time(device.expiresAt)}
            <br />
            {device.current ? (
              <em>This device</em>
            ) : (
              <form action={signOutDevice}>
                <input type="hidden" name="handle" value={device.handle} />
                <button type="submit">Sign out this device</button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <form action={signOutOtherDevices}>
        <button type="submit" id="sign-out-others">
          Sign out all other devices
        </button>
      </form>
    </main>
  );
}
