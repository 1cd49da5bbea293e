// The caller's interface language, as far as the items need it: from Accept-Language among the interface's
// languages, else "en". A stand-in until requestLanguage (app/i18n/language.server.ts: the user's setting first)
// lands; the routes that show or store items in a language call only this.
import { negotiate } from "../../shared/i18n/negotiate.js";

const INTERFACE_LANGUAGES = ["en", "fr", "de", "es", "pt"] as const;

export function interfaceLanguage(request: Request): string {
  return negotiate(request.headers.get("accept-language"), INTERFACE_LANGUAGES) ?? "en";
}
