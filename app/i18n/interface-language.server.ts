// The caller's interface language as the items need it: the user's setting, else this browser's choice, else
// Accept-Language (requestLanguage). The routes that show or store items in a language call only this.
import { requestLanguage } from "./language.server.js";

export function interfaceLanguage(request: Request, user: { language: string | null } | null): string {
  return requestLanguage(request, user);
}
