// API routes of panel proposals: panellists propose (while a round is open), list and withdraw their own;
// moderators list them without authors and triage each after the round closes. Spread into API_ROUTES.
import {
  createProposal,
  listProposals,
  proposalSchema,
  triageProposal,
  triageSchema,
  withdrawProposal,
} from "../models/proposal.server.js";
import { urlInteger } from "../../shared/delphi/schemas.js";
import type { ApiRoute } from "./routes.server.js";

const numberOf = (raw: string) => urlInteger(raw.replace(/^P-/i, ""), "number", 1) ?? 0;

export const PROPOSAL_API_ROUTES: ApiRoute[] = [
  {
    method: "GET",
    path: "/consultations/{id}/proposals",
    summary:
      "Panel proposals: a panellist's own (every round, with the moderators' outcome); for moderators and observers those of closed rounds, never with their author",
    access: "member",
    handle: (r) => listProposals(r.context.db, r.user, r.params.id!),
  },
  {
    method: "POST",
    path: "/consultations/{id}/proposals",
    summary:
      'A panellist proposes, while a round is open, under a domain or subdomain of it (target): a missing indicator ("indicator": statement, 5 levels optional) or a restructuring ("restructuring": change), always with a reason',
    access: "panellist",
    body: proposalSchema,
    status: 201,
    handle: (r) => createProposal(r.context.db, r.user, r.params.id!, r.body as never),
  },
  {
    method: "DELETE",
    path: "/consultations/{id}/proposals/{number}",
    summary: "A panellist withdraws their own proposal while its round is open",
    access: "panellist",
    handle: (r) => withdrawProposal(r.context.db, r.user, r.params.id!, numberOf(r.params.number!)),
  },
  {
    method: "PUT",
    path: "/consultations/{id}/proposals/{number}/triage",
    summary:
      'A moderator triages a proposal of the last (closed) round: "accepted" (a proposed indicator is added to the next round, parent/wording/levels may be given), "merged" with an existing item, or "rejected" with a reason',
    access: "moderator",
    body: triageSchema,
    handle: (r) => triageProposal(r.context.db, r.user, r.params.id!, numberOf(r.params.number!), r.body as never),
  },
];
