// The JSON API /api/v1: one table of routes (method, path, who, body schema, handler). The
// dispatcher (app/api/dispatch.server.ts) and the OpenAPI document are both derived from it,
// so a route cannot exist without being documented.
import { z } from "zod";
import {
  consensusRuleInputSchema,
  nextRoundSchema,
  newConsultationSchema,
  panellistSchema,
  ratingSchema,
  urlInteger,
} from "../../shared/delphi/schemas.js";
import {
  createApiToken,
  createPasswordToken,
  listApiTokens,
  newApiTokenSchema,
  passwordTokenSchema,
  PASSWORD_TOKEN_DAYS,
  revokeApiToken,
} from "../models/api-token.server.js";
import {
  createConsultation,
  getConsultation,
  listConsultations,
  setConsensusRule,
  setMinGroupSize,
} from "../models/consultation.server.js";
import { exportModel, getModelVersion, importModelAs, listModels } from "../models/model.server.js";
import { modelFileSchema } from "../../shared/model/format.js";
import {
  addPanellists,
  importPanelCsv,
  listOutbox,
  redeemInvitation,
  sendReminders,
  addStaffMember,
  staffMemberSchema,
  withdrawalSchema,
  withdrawPanellist,
} from "../models/panel.server.js";
import { AppError } from "../../shared/errors/app-error.js";
import { roundResults } from "../models/results.server.js";
import {
  closeRound,
  createNextRound,
  extendRound,
  extendSchema,
  openRound,
  publishRound,
} from "../models/round.server.js";
import { liveRoundView } from "../models/live.server.js";
import { roundProgress } from "../models/progress.server.js";
import { rateItem, submitRound, submitSchema, votingView } from "../models/voting.server.js";
import { answering, type ApiRequest, type ApiResult, type ApiRoute } from "./api-route.server.js";
import { REPORT_API_ROUTES } from "./report-routes.server.js";
import { ACCOUNT_API_ROUTES } from "./account-routes.server.js";
import {
  consultationViewSchema,
  extendedSchema,
  liveRoundViewSchema,
  okSchema,
  ratingSavedSchema,
  roundViewSchema,
} from "./responses.server.js";
import { REVIEW_API_ROUTES } from "./review-routes.server.js";
import { PROPOSAL_API_ROUTES } from "./proposal-routes.server.js";
import { STRUCTURE_API_ROUTES } from "./structure-routes.server.js";

export type { ApiRequest, ApiResult, ApiRoute } from "./api-route.server.js";

const link = (req: ApiRequest) => ({ publicUrl: req.context.config.publicUrl });

export const API_ROUTES: ApiRoute[] = [
  { method: "GET", path: "/me", summary: "The signed-in user", access: "signed-in", handle: async (r) => r.user },
  {
    method: "GET",
    path: "/models",
    summary: "Models and their versions",
    access: "signed-in",
    handle: (r) => listModels(r.context.db),
  },
  {
    method: "GET",
    path: "/models/{slug}",
    summary: "One model version (latest, or ?version=N)",
    access: "signed-in",
    handle: (r) => getModelVersion(r.context.db, r.params.slug!, urlInteger(r.query.get("version"), "version", 1)),
  },
  {
    method: "POST",
    path: "/models",
    summary:
      "Import a model file (docs/model-format.md) as the next version of the model of that name; admins only. The same validation and path-precise errors as `npm run model:import`; nothing is stored on error",
    access: "admin",
    body: modelFileSchema,
    status: 201,
    handle: (r) => importModelAs(r.context.db, r.user, r.body),
  },
  {
    method: "GET",
    path: "/models/{slug}/file",
    summary:
      "One model version (latest, or ?version=N) in the model file format (docs/model-format.md): importing it recreates the version",
    access: "signed-in",
    handle: (r) => exportModel(r.context.db, r.params.slug!, urlInteger(r.query.get("version"), "version", 1)),
  },
  {
    method: "GET",
    path: "/consultations",
    summary: "Consultations the caller belongs to",
    access: "signed-in",
    handle: (r) => listConsultations(r.context.db, r.user),
  },
  {
    method: "POST",
    path: "/consultations",
    summary: "Create a consultation (admin or moderator) with round 1 as a draft",
    access: "moderator",
    body: newConsultationSchema,
    status: 201,
    handle: (r) => createConsultation(r.context.db, r.user, r.body as never),
  },
  {
    method: "GET",
    path: "/consultations/{id}",
    summary: "A consultation and its rounds",
    access: "member",
    ...answering(consultationViewSchema, (r) => getConsultation(r.context.db, r.params.id!, r.user)),
  },
  {
    method: "PUT",
    path: "/consultations/{id}/min-group-size",
    summary:
      "Set the minimum group size below which subgroup figures and attribute columns are suppressed ({minGroupSize: integer ≥ 1}); 409 once round 1 has opened",
    access: "moderator",
    body: z.object({ minGroupSize: z.unknown() }),
    handle: (r) => setMinGroupSize(r.context.db, r.user, r.params.id!, r.body),
  },
  {
    method: "PUT",
    path: "/consultations/{id}/rule",
    summary:
      "Replace the consensus rule before round 1 ({rulePreset?, rule?, minAnswers?, stopping?}, as when creating); 409 once round 1 has opened (the rule, its minimum of answers and its stopping rule are locked)",
    access: "moderator",
    body: consensusRuleInputSchema,
    handle: (r) => setConsensusRule(r.context.db, r.user, r.params.id!, r.body),
  },
  {
    method: "POST",
    path: "/consultations/{id}/panellists",
    summary: "Add panellists (all or nothing) and queue their invitations",
    access: "moderator",
    body: z.union([panellistSchema, z.array(panellistSchema)]),
    status: 201,
    handle: (r) =>
      addPanellists(r.context.db, r.user, r.params.id!, Array.isArray(r.body) ? r.body : [r.body as never], link(r)),
  },
  {
    method: "POST",
    path: "/consultations/{id}/members",
    summary: "Add a co-moderator or a method-team observer (new addresses get a sign-in link)",
    access: "moderator",
    body: staffMemberSchema,
    status: 201,
    handle: (r) => addStaffMember(r.context.db, r.user, r.params.id!, r.body as never, link(r)),
  },
  {
    method: "POST",
    path: "/consultations/{id}/panellists.csv",
    summary: "Add panellists from CSV (name, email, stakeholder type, country, gender, working group/expertise)",
    access: "moderator",
    bodyType: "csv",
    status: 201,
    handle: (r) => importPanelCsv(r.context.db, r.user, r.params.id!, String(r.body), link(r)),
  },
  {
    method: "GET",
    path: "/consultations/{id}/outbox",
    summary: "Invitations and reminders: recipient, kind, status (queued/sent/failed), time, subject — never a link",
    access: "moderator",
    handle: (r) => listOutbox(r.context.db, r.user, r.params.id!),
  },
  {
    method: "POST",
    path: "/consultations/{id}/rounds",
    summary: "Prepare the next round with the items carried over (new wording optional)",
    access: "moderator",
    body: nextRoundSchema,
    status: 201,
    handle: (r) => createNextRound(r.context.db, r.user, r.params.id!, r.body as never),
  },
  {
    method: "GET",
    path: "/rounds/{id}",
    summary: "A round's items with the caller's own ratings and the previous round's feedback",
    access: "member",
    ...answering(roundViewSchema, (r) => votingView(r.context.db, r.user, r.params.id!)),
  },
  {
    method: "POST",
    path: "/rounds/{id}/open",
    summary: "Open a draft round",
    access: "moderator",
    ...answering(
      okSchema,
      async (r) => (await openRound(r.context.db, r.user, r.params.id!, r.context.events), { ok: true as const }),
    ),
  },
  {
    method: "POST",
    path: "/rounds/{id}/close",
    summary: "Close an open round and compute its results",
    access: "moderator",
    ...answering(
      okSchema,
      async (r) => (await closeRound(r.context.db, r.user, r.params.id!, r.context.events), { ok: true as const }),
    ),
  },
  {
    method: "POST",
    path: "/rounds/{id}/extend",
    summary: "Move an open round's deadline (a real-time window's end) later; an earlier one is a 400 naming deadline",
    access: "moderator",
    body: extendSchema,
    ...answering(extendedSchema, (r) => extendRound(r.context.db, r.user, r.params.id!, r.body)),
  },
  {
    method: "GET",
    path: "/rounds/{id}/live",
    summary:
      "A real-time round's live view: per item the last published figures, computed status, revisions and convergence over time (agreement, IQR), and items reaching consensus over time — published snapshots only, never an individual answer",
    access: "moderator",
    ...answering(liveRoundViewSchema, (r) => liveRoundView(r.context.db, r.user, { id: r.params.id! })),
  },
  {
    method: "POST",
    path: "/rounds/{id}/publish",
    summary: "Publish a closed round's results",
    access: "moderator",
    ...answering(
      okSchema,
      async (r) => (await publishRound(r.context.db, r.user, r.params.id!, r.context.events), { ok: true as const }),
    ),
  },
  {
    method: "POST",
    path: "/rounds/{id}/reminders",
    summary: "Remind panellists who have not submitted",
    access: "moderator",
    handle: (r) => sendReminders(r.context.db, r.user, r.params.id!, link(r)),
  },
  {
    method: "GET",
    path: "/rounds/{id}/progress",
    summary:
      "Response rates (moderators, observers), per group with small groups suppressed; who has not finished: a count, and in quasi-anonymous studies the moderator also gets the names",
    access: "moderator",
    handle: (r) => roundProgress(r.context.db, r.user, r.params.id!),
  },
  {
    method: "GET",
    path: "/rounds/{id}/results",
    summary:
      "Figures and computed status per item of a closed round, each item's stability since the previous round (panellists who rated both: changed band %, Wilcoxon p, change in IQR and agreement %) and the round's panel agreement (Fleiss' kappa, Kendall's W)",
    access: "moderator",
    handle: (r) => roundResults(r.context.db, r.user, r.params.id!),
  },
  {
    method: "PUT",
    path: "/rounds/{id}/items/{itemId}/rating",
    summary: "Save the caller's rating of an item (null value = no opinion); re-rating replaces it",
    access: "panellist",
    body: ratingSchema,
    ...answering(ratingSavedSchema, (r) =>
      rateItem(r.context.db, r.user, r.params.id!, r.params.itemId!, r.body as never, r.context.events),
    ),
  },
  {
    method: "POST",
    path: "/rounds/{id}/submit",
    summary:
      'Mark the caller\'s round as finished; 409 naming the count while items are unanswered ("no opinion" counts as an answer) unless the body says {"confirmPartial": true}, and always with nothing answered',
    access: "panellist",
    body: submitSchema,
    bodyOptional: true,
    handle: (r) => submitRound(r.context.db, r.user, r.params.id!, r.body, r.context.events),
  },
  {
    method: "POST",
    path: "/auth/token",
    summary: `For scripts: sign in with {email, password} and receive a personal API token (shown once) in one call, no session needed; also {name, scope, expiresAt | expiresInDays} as for POST /tokens, expiring after ${PASSWORD_TOKEN_DAYS} days unless given. Limited like the login page (failed attempts per address and per account); wrong credentials are 401`,
    access: "public",
    body: passwordTokenSchema,
    status: 201,
    handle: (r) => createPasswordToken(r.context.db, r.context.auth.verifyCredentials, r.body),
  },
  {
    method: "GET",
    path: "/tokens",
    summary:
      "The caller's API tokens, newest first: name, scope, created, last used, expires, revoked, status (active/expired/revoked); signed-in session only",
    access: "signed-in",
    sessionOnly: true,
    handle: (r) => listApiTokens(r.context.db, r.user),
  },
  {
    method: "POST",
    path: "/tokens",
    summary:
      'Create a personal API token (shown once): {name, scope: "read" (default, GET only) or "read-write", expiresAt (ISO date, future) or expiresInDays}; signed-in session only',
    access: "signed-in",
    sessionOnly: true,
    body: newApiTokenSchema,
    status: 201,
    handle: (r) => createApiToken(r.context.db, r.user, r.body as never),
  },
  {
    method: "DELETE",
    path: "/tokens/{id}",
    summary: "Revoke one of the caller's API tokens; signed-in session only",
    access: "signed-in",
    sessionOnly: true,
    handle: async (r) => (await revokeApiToken(r.context.db, r.user, r.params.id!), { ok: true }),
  },
  {
    method: "POST",
    path: "/invitations/{token}/redeem",
    summary:
      "Redeem a single-use invitation link: a session cookie only for a link-only account; an existing account must call it signed in (no new session)",
    access: "public",
    handle: async (r) => {
      const redeemed = await redeemInvitation(r.context.db, r.params.token!, { signedIn: r.user });
      if (redeemed.outcome === "log-in-first")
        throw new AppError(
          "unauthenticated",
          "This invitation is for an existing account: log in first, then redeem it (a link never signs in an account with a password, an admin or a member of another consultation)",
        );
      if (redeemed.outcome === "joined") return { consultationId: redeemed.consultationId };
      const cookie = await r.context.auth.createSession(redeemed.userId);
      return {
        body: { consultationId: redeemed.consultationId },
        headers: { "Set-Cookie": cookie },
      } satisfies ApiResult;
    },
  },
  {
    method: "POST",
    path: "/consultations/{id}/panellists/{memberId}/withdraw",
    summary:
      'Withdraw a panellist (withdrawal of consent); body {"answers":"keep"|"exclude"} records the method choice',
    access: "moderator",
    body: withdrawalSchema,
    handle: (r) => withdrawPanellist(r.context.db, r.user, r.params.id!, r.params.memberId!, r.body, r.context.events),
  },
  ...REVIEW_API_ROUTES,
  ...STRUCTURE_API_ROUTES,
  ...PROPOSAL_API_ROUTES,
  ...REPORT_API_ROUTES,
  ...ACCOUNT_API_ROUTES,
];
