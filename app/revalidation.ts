// When a page reloads its data after a form was sent: as before single fetch, also after a refusal (4xx/5xx).
import type { ShouldRevalidateFunction } from "@remix-run/react";

/**
 * Single fetch no longer reloads a page's data after an action that answered 4xx/5xx. Our refusals write nothing,
 * but on the pages several people change at once (a round another moderator just closed, an item already
 * restructured) the refusal is often the first sign that the page is out of date, so these pages still reload.
 */
export const revalidateAfterRefusal: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  (actionStatus !== undefined && actionStatus >= 400) || defaultShouldRevalidate;
