// The statuses an item can have after a round, in one place for the consensus rule and the stopping rule.

/** What a clause, the fallback or a moderator's decision can give an item. */
export type RuleStatus = "validated" | "reformulate" | "reevaluate" | "dropped";
export const RULE_STATUSES: readonly RuleStatus[] = ["validated", "reformulate", "reevaluate", "dropped"];
/**
 * A computed status: a rule status, or "insufficient" when fewer panellists rated the item than the rule's
 * minimum — too few answers to call anything consensus. Only computed, never decided: the next round
 * treats it like "reevaluate".
 */
export type ConsensusStatus = RuleStatus | "insufficient";
export const CONSENSUS_STATUSES: readonly ConsensusStatus[] = [...RULE_STATUSES, "insufficient"];
