// API routes of the moderator review: the review of a closed round, decisions per item, publishing
// the consensus as a new model version, and comparing two model versions. Spread into API_ROUTES.
import {
  acceptComputedStatuses,
  assertItemInRound,
  decisionInputSchema,
  recordDecision,
  reviewView,
} from "../models/decision.server.js";
import { compareModelVersions, publishConsensus } from "../models/publish.server.js";
import { answering, type ApiRoute } from "./api-route.server.js";
import { decisionRecordedSchema } from "./responses.server.js";

export const REVIEW_API_ROUTES: ApiRoute[] = [
  {
    method: "GET",
    path: "/rounds/{id}/review",
    summary:
      "A closed round's review (moderators, observers): figures overall and per subgroup, computed status and reason, decision, the panel's comments and suggested rewordings (unattributed)",
    access: "moderator",
    handle: (r) => reviewView(r.context.db, r.user, r.params.id!, r.language),
  },
  {
    method: "PUT",
    path: "/rounds/{id}/items/{itemId}/decision",
    summary:
      'Record the moderator\'s decision on an item of a closed round: "accept" the computed status, or override it (rationale required); "reformulate" needs newWording (5 texts for levels)',
    access: "moderator",
    body: decisionInputSchema,
    ...answering(decisionRecordedSchema, async (r) => {
      await assertItemInRound(r.context.db, r.params.id!, r.params.itemId!);
      return recordDecision(r.context.db, r.user, r.params.itemId!, r.body as never, r.context.events);
    }),
  },
  {
    method: "POST",
    path: "/rounds/{id}/decisions/accept",
    summary:
      "Accept the computed status of every undecided item of a closed round (items to reformulate are left: they need new wording)",
    access: "moderator",
    handle: (r) => acceptComputedStatuses(r.context.db, r.user, r.params.id!, r.context.events),
  },
  {
    method: "POST",
    path: "/consultations/{id}/publish",
    summary:
      "Publish the consensus of a fully decided last round as the next version of the model, with a changelog; marks the round published",
    access: "moderator",
    status: 201,
    handle: (r) => publishConsensus(r.context.db, r.user, r.params.id!, r.context.events),
  },
  {
    method: "GET",
    path: "/models/{slug}/compare",
    summary:
      "Two versions of a model item by item (?from=1&to=2; default: latest against the one before): added, removed and reworded items with a word diff, and the changelogs in between",
    access: "signed-in",
    handle: (r) => compareModelVersions(r.context.db, r.params.slug!, r.query.get("from"), r.query.get("to")),
  },
];
