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

/**
 * Only same-site paths: an attacker must not turn the login page into an open redirect. Browsers drop tabs
 * and line breaks inside URLs and read `\` as `/`, so "/\t/evil.example" would become "//evil.example":
 * anything with a control character or a backslash is refused, and what remains must resolve to our origin.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/consultations"): string {
  // eslint-disable-next-line no-control-regex
  if (typeof to !== "string" || !to.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  const base = "http://same-origin.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  // Dot segments are resolved by the parser: "/.//evil.example" has the path "//evil.example", which a browser
  // reads as another host. What we send must not start with "//" either.
  if (url.origin !== base || to.startsWith("//") || url.pathname.startsWith("//")) return fallback;
  return url.pathname + url.search + url.hash;
}
