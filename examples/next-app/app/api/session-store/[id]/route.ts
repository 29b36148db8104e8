import type { SessionData } from "next-session";
import { storeToken } from "../../../../lib/http-store";
import { store } from "../../../../lib/session";

// The HTTP face of the shared MemoryStore, for the edge route (see lib/http-store.ts).
type Context = { params: Promise<{ id: string }> };

function allowed(request: Request): boolean {
  return request.headers.get("authorization") === `Bearer ${storeToken}`;
}

export async function GET(request: Request, { params }: Context) {
  if (!allowed(request)) return new Response(null, { status: 401 });
  const record = await store.get((await params).id);
  return record ? Response.json(record) : new Response(null, { status: 404 });
}

export async function PUT(request: Request, { params }: Context) {
  if (!allowed(request)) return new Response(null, { status: 401 });
  await store.set((await params).id, (await request.json()) as SessionData);
  return new Response(null, { status: 204 });
}

export async function DELETE(request: Request, { params }: Context) {
  if (!allowed(request)) return new Response(null, { status: 401 });
  await store.destroy((await params).id);
  return new Response(null, { status: 204 });
}
