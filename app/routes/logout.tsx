import { redirect, type ActionFunctionArgs } from "@remix-run/node";

export async function action({ context }: ActionFunctionArgs) {
  if (!context.session) return redirect("/login");
  const cookie = await context.auth.logout(context.session.session.id);
  // The session is gone: its open socket.io and Yjs connections close now, on every instance, not at their
  // next reconnect.
  await context.events.accessRevoked?.({ sessionId: context.session.session.id });
  return redirect("/login", { headers: { "Set-Cookie": cookie } });
}

export async function loader() {
  return redirect("/");
}
