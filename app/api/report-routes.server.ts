// API routes of the validation history: the study report, an item's lineage, the exports (files) and
// the audit trail with its verification and head. Moderators and observers; spread into API_ROUTES.
import {
  auditLog,
  EXPORT_FILES,
  exportContentType,
  exportStudyFile,
  verifiedAuditHead,
  verifyAuditTrail,
} from "../models/export.server.js";
import { itemLineage } from "../models/lineage.server.js";
import { studyReport } from "../models/report.server.js";
import { studyStabilityView } from "../models/stability.server.js";
import type { ApiRoute } from "./api-route.server.js";
import { urlInteger } from "../../shared/delphi/schemas.js";

export const REPORT_API_ROUTES: ApiRoute[] = [
  {
    method: "GET",
    path: "/consultations/{id}/report",
    summary:
      "The study report (moderators, observers): panel composition with gaps, participation per round, the consensus definition, results and outcomes per round, moderator overrides, anonymity, CREDES/ACCORD checklist; no identities",
    access: "moderator",
    handle: (r) => studyReport(r.context.db, r.user, r.params.id!),
  },
  {
    method: "GET",
    path: "/consultations/{id}/items/{key}/lineage",
    summary:
      "An item's history across rounds and model versions (key URL-encoded, e.g. I.1.1%2Flevels): wording with word diffs, figures overall and per group, computed status, decision and rationale, rationale snapshot, published version; what restructuring did to it (merged, split, moved, added, renumbered). A key names the item of the first round that rated it, or of ?round=N",
    access: "moderator",
    handle: (r) =>
      itemLineage(r.context.db, r.user, r.params.id!, r.params.key!, urlInteger(r.query.get("round"), "round", 1)),
  },
  {
    method: "GET",
    path: "/consultations/{id}/stability",
    summary:
      "Stability between consecutive closed rounds per item (panellists who rated both: changed band %, Wilcoxon p, change in IQR and agreement %) and panel agreement per closed round (Fleiss' kappa on points and bands, Kendall's W, over panellists who rated every item)",
    access: "moderator",
    handle: (r) => studyStabilityView(r.context.db, r.user, r.params.id!),
  },
  {
    method: "GET",
    path: "/consultations/{id}/exports/{file}",
    summary: `Download an export (moderators, observers): ${EXPORT_FILES.join(", ")}. Ratings are anonymised (pseudonyms); each download is recorded in the audit trail as "export.made" (repeats by the same person within 10 minutes as one event with a count)`,
    access: "moderator",
    produces: [...new Set(EXPORT_FILES.map(exportContentType))],
    handle: async (r) => ({ file: await exportStudyFile(r.context.db, r.user, r.params.id!, r.params.file!) }),
  },
  {
    method: "GET",
    path: "/consultations/{id}/audit",
    summary: "A page of the audit trail in seq order (?afterSeq=0&limit=100, at most 1000), with the chain head",
    access: "moderator",
    handle: (r) =>
      auditLog(r.context.db, r.user, r.params.id!, {
        afterSeq: urlInteger(r.query.get("afterSeq"), "afterSeq"),
        limit: urlInteger(r.query.get("limit"), "limit", 1),
      }),
  },
  {
    method: "GET",
    path: "/consultations/{id}/audit/verify",
    summary:
      "Recompute every hash and link of the audit trail (?notarised=<seq>:<hash> also checks a head notarised earlier): {ok, events, head} or {ok: false, brokenAt}",
    access: "moderator",
    handle: (r) => verifyAuditTrail(r.context.db, r.user, r.params.id!, r.query.get("notarised")),
  },
  {
    method: "GET",
    path: "/consultations/{id}/audit/head",
    summary:
      "The verified head of the audit trail to notarise ({consultationId, seq, hash, at}); 409 if the chain is broken",
    access: "moderator",
    handle: (r) => verifiedAuditHead(r.context.db, r.user, r.params.id!),
  },
];
