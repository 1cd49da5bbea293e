// The panel's comments written in a language other than the model's own, each quoted verbatim with the item's
// wording in that language — the text its author answered — for the study report (page and PDF). Only comments
// whose language may be shown are listed (shared/delphi/comment-languages.ts): others stay unlabelled in review.
import type { Db } from "../../server/db/client.js";
import { languagesShown } from "../../shared/delphi/comment-languages.js";
import { consultationLanguages } from "./consultation.server.js";
import { COUNTED_MEMBER } from "./panel.server.js";

export interface TranslatedComment {
  round: number;
  key: string;
  language: string;
  /** The item's wording in `language` as the panel read it (levels numbered), or its source wording when untranslated. */
  wording: string;
  /** Whether `wording` is in `language` (false: the item had no translation, e.g. reworded without one). */
  translated: boolean;
  comment: string;
}

const wordingText = (w: string | string[]) => (Array.isArray(w) ? w.map((l, i) => `${i + 1}. ${l}`).join(" ") : w);

export async function commentsInOtherLanguages(
  db: Db,
  consultation: { id: string; languages: string; minGroupSize: number; modelVersion: { language: string } },
): Promise<TranslatedComment[]> {
  const offered = consultationLanguages(consultation.languages, consultation.modelVersion.language);
  if (offered.length < 2) return [];
  const items = await db.roundItem.findMany({
    where: { round: { consultationId: consultation.id, status: { in: ["closed", "published"] } } },
    orderBy: [{ round: { number: "asc" } }, { position: "asc" }],
    select: {
      key: true,
      kind: true,
      wording: true,
      translations: true,
      round: { select: { number: true } },
      ratings: { where: { member: COUNTED_MEMBER }, select: { comment: true, language: true } },
    },
  });
  return items.flatMap((item) => {
    const { texts, languages } = languagesShown(
      item.ratings.map((r) => ({ text: r.comment, language: r.language })),
      consultation.minGroupSize,
    );
    const translations = JSON.parse(item.translations) as Record<string, string | string[]>;
    const source = item.kind === "levels" ? (JSON.parse(item.wording) as string[]) : item.wording;
    return texts.flatMap((comment, i) => {
      const language = languages[i];
      if (!language || language === offered[0]) return [];
      const translated = translations[language];
      return [
        {
          round: item.round.number,
          key: item.key,
          language,
          wording: wordingText(translated ?? source),
          translated: translated !== undefined,
          comment,
        },
      ];
    });
  });
}
