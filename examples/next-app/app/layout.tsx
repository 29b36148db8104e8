import type { ReactNode } from "react";

export const metadata = { title: "next-session App Router example" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "2rem" }}>
        <nav style={{ display: "flex", gap: "1rem", marginBottom: "1rem" }}>
          <a href="/">Home</a>
          <a href="/account">Account</a>
          <a href="/devices">Devices</a>
          <a href="/pages-views">Pages Router page</a>
          <a href="/api/counter">Route Handler</a>
          <a href="/api/edge-counter">Edge route</a>
        </nav>
        {children}
      </body>
    </html>
  );
}
