// Irreversible steps (open, close, publish) ask in a dialog first: press the button, then the dialog's own.
import { expect, type Page } from "@playwright/test";

/** Presses `button` and confirms in the dialog it opens (whose confirming button has the same name). */
export async function confirmStep(page: Page, button: string, confirmButton = button) {
  await page.getByRole("button", { name: button, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: confirmButton, exact: true }).click();
  await expect(dialog).toBeHidden();
}
