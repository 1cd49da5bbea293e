// Which language a request is answered in: the signed-in user's setting, else the one chosen on this browser
// (a cookie, for pages before sign-in), else the browser's Accept-Language.
import { interfaceLanguage, isLanguage, type Language } from "../../shared/i18n/languages";

export const LANGUAGE_COOKIE = "delphi_lang";

function cookieLanguage(request: Request): string | null {
  const match = /(?:^|;\s*)delphi_lang=([a-z]{2})(?:;|$)/.exec(request.headers.get("cookie") ?? "");
  return match && isLanguage(match[1]) ? match[1] : null;
}

export function requestLanguage(request: Request, user: { language: string | null } | null): Language {
  return interfaceLanguage(user?.language ?? cookieLanguage(request), request.headers.get("accept-language"));
}
