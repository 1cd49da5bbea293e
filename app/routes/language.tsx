// The interface language, chosen from the header: saved with the account when signed in, and in a cookie so
// the login and invitation pages follow it too.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLanguage } from "../../shared/i18n/languages";
import { LANGUAGE_COOKIE } from "~/i18n/language.server";
import { setLanguage } from "~/models/user.server";
import { safeRedirect } from "~/session.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const choice = form.get("language");
  // "" goes back to what the browser asks for.
  if (choice !== "" && !isLanguage(choice))
    return Response.json(
      { error: { code: "invalid", message: "language: expected one of en, fr, de, es, pt or empty" } },
      { status: 400 },
    );
  const language = choice === "" ? null : choice;
  const user = context.session?.user;
  if (user) await setLanguage(context.db, user, { language });
  const cookie = language
    ? `${LANGUAGE_COOKIE}=${language}; Path=/; Max-Age=31536000; SameSite=Lax`
    : `${LANGUAGE_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
  return redirect(safeRedirect(form.get("redirectTo"), "/"), { headers: { "Set-Cookie": cookie } });
}

export async function loader() {
  return redirect("/");
}
