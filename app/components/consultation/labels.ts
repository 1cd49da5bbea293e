// The words for the codes a consultation's data carries (round status, role, stakeholder type, …) in the page's
// language; an unknown code is shown as it is.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { STAKEHOLDER_TYPES } from "../../../shared/delphi/schemas";

const STAKEHOLDERS: ReadonlySet<string> = new Set(STAKEHOLDER_TYPES);
const ROUND_STATUSES: ReadonlySet<string> = new Set(["draft", "open", "closed", "published"]);
const ROLES: ReadonlySet<string> = new Set(["moderator", "panellist", "observer"]);
const MODES: ReadonlySet<string> = new Set(["anonymous", "quasi-anonymous"]);

export function useConsultationLabels() {
  const { t } = useTranslation("consultation");
  return useMemo(
    () => ({
      stakeholderType: (value: string | null) =>
        value && STAKEHOLDERS.has(value) ? t(`stakeholderType.${value as "ELSI"}`) : value,
      roundStatus: (status: string) => (ROUND_STATUSES.has(status) ? t(`roundStatus.${status as "open"}`) : status),
      role: (role: string) => (ROLES.has(role) ? t(`role.${role as "moderator"}`) : role),
      anonymity: (mode: string) => (MODES.has(mode) ? t(`anonymityMode.${mode as "anonymous"}`) : mode),
    }),
    [t],
  );
}

/** What an action on a consultation's page did, as a message of the catalog and its values (the page words it). */
export type Done = {
  message:
    | "opened"
    | "closed"
    | "published"
    | "reminded"
    | "panellistAdded"
    | "panellistAddedNote"
    | "staffAdded"
    | "staffInvited"
    | "withdrawnKept"
    | "withdrawnExcluded"
    | "imported";
  values?: { count?: number; email?: string; note?: string; name?: string };
};

export function useDoneText() {
  const { t } = useTranslation("consultation");
  return (done: Done) => t(`done.${done.message as "opened"}`, done.values ?? {});
}
