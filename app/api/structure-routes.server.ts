// API routes of restructuring a model between rounds (merge, split, move, add, rename), what the next round
// would carry, and resolving a model key a later version replaced. Spread into API_ROUTES.
import { proposeNextRound } from "../models/next-round.server.js";
import {
  recordRestructuring,
  resolveModelKey,
  restructuringSchema,
  restructuringView,
  undoRestructuring,
} from "../models/structure.server.js";
import { urlInteger } from "../../shared/delphi/schemas.js";
import type { ApiRoute } from "./api-route.server.js";

export const STRUCTURE_API_ROUTES: ApiRoute[] = [
  {
    method: "GET",
    path: "/consultations/{id}/restructurings",
    summary:
      "The restructurings recorded after each round (operation, rationale, what it did) and the model structure they lead to (moderators, observers)",
    access: "moderator",
    handle: (r) => restructuringView(r.context.db, r.user, r.params.id!),
  },
  {
    method: "POST",
    path: "/consultations/{id}/restructurings",
    summary:
      'Restructure the model after the last (closed) round, with a rationale: "merge" ≥2 items of one kind, "split" one into parts (children assigned), "move" an indicator or subdomain, "add" an item, "rename" (a domain may get a new key). Keys are renumbered where the structure changed; an operation the structure cannot represent is a 400 and nothing is written',
    access: "moderator",
    body: restructuringSchema,
    status: 201,
    handle: (r) => recordRestructuring(r.context.db, r.user, r.params.id!, r.body as never),
  },
  {
    method: "DELETE",
    path: "/consultations/{id}/restructurings/{seq}",
    summary: "Undo the latest restructuring while its round is still closed",
    access: "moderator",
    handle: (r) => undoRestructuring(r.context.db, r.user, r.params.id!, urlInteger(r.params.seq!, "seq", 1) ?? 0),
  },
  {
    method: "GET",
    path: "/consultations/{id}/next-round",
    summary:
      "What the next round would start from: every item with its decision, proposed wording and whether it is carried; after a restructuring, the restructured model's items (new keys, new items, what happened to each)",
    access: "moderator",
    handle: (r) => proposeNextRound(r.context.db, r.user, r.params.id!),
  },
  {
    method: "GET",
    path: "/models/{slug}/items/{key}",
    summary:
      "One item of a model version (latest, or ?version=N) by key; a key of an earlier version (?from=M, default: any earlier one when this version lacks it) resolves to the key(s) it became (found: false, successors, via)",
    access: "signed-in",
    handle: (r) =>
      resolveModelKey(
        r.context.db,
        r.params.slug!,
        r.params.key!,
        urlInteger(r.query.get("version"), "version", 1),
        urlInteger(r.query.get("from"), "from", 1),
      ),
  },
];
