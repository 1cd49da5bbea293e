// Who may do what in a consultation. Global admins act as moderators everywhere.
import type { Db } from "../../server/db/client.js";
import { AppError } from "../../shared/errors/app-error.js";
import type { SessionUser } from "./user.server.js";

export type Role = "moderator" | "panellist" | "observer";

export interface Membership {
  consultationId: string;
  role: Role;
  /** Null for an admin who is not a member. */
  memberId: string | null;
  pseudonym: string | null;
  userId: string;
}

export async function membership(db: Db, consultationId: string, user: SessionUser): Promise<Membership | null> {
  const member = await db.member.findUnique({ where: { consultationId_userId: { consultationId, userId: user.id } } });
  // A panellist who withdrew consent is a stranger from then on: every page, call and connection refuses them.
  if (member?.withdrawnAt) return null;
  if (member)
    return {
      consultationId,
      role: member.role as Role,
      memberId: member.id,
      pseudonym: member.pseudonym,
      userId: user.id,
    };
  if (user.isAdmin) return { consultationId, role: "moderator", memberId: null, pseudonym: null, userId: user.id };
  return null;
}

/**
 * How the audit trail names someone: members by pseudonym ("Expert 3", "Moderator 1") so the log can
 * be shown to method teams without identities; a global admin who is not a member by user id.
 */
export function auditActor(m: Membership | null): string {
  if (!m) return "system";
  return m.pseudonym ? `pseudonym:${m.pseudonym}` : `user:${m.userId}`;
}

/** The caller's membership if it has one of `roles`; 404 for strangers (no existence leak), 403 otherwise. */
export async function requireRole(
  db: Db,
  consultationId: string,
  user: SessionUser,
  roles: readonly Role[],
): Promise<Membership> {
  const exists = await db.consultation.findUnique({ where: { id: consultationId }, select: { id: true } });
  const m = exists ? await membership(db, consultationId, user) : null;
  if (!m) throw new AppError("not_found", `No consultation ${consultationId}`);
  if (!roles.includes(m.role))
    throw new AppError("forbidden", `Only a ${roles.join(" or ")} of this consultation may do this`);
  return m;
}
