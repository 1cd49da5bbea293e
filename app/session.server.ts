// Who is asking: the server authenticates every request (server/app.ts) and hands the
// result to loaders and actions through the load context.
import { redirect, type AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "./models/user.server.js";

export function currentUser(context: AppLoadContext): SessionUser | null {
  return context.session?.user ?? null;
}

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export function requireUser(request: Request, context: AppLoadContext): SessionUser {
  const user = currentUser(context);
  if (user) return user;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Only same-site paths: an attacker must not turn the login page into an open redirect. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/consultations"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
