// A round's automatic reminder schedule, for its moderators: GET what is set and sent (counts only), POST a new schedule.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { reminderSchedule, setReminderSchedule } from "~/models/reminders.server";
import { requireUser } from "~/session.server";
import { parseReminderHours, urlInteger } from "../../shared/delphi/schemas";
import { AppError, httpStatus } from "../../shared/errors/app-error";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    const number = urlInteger(params.number, "round number", 1)!;
    return json(await reminderSchedule(context.db, user, params.id!, number));
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await request.formData();
  try {
    const number = urlInteger(params.number, "round number", 1)!;
    const hours = parseReminderHours(String(form.get("reminders") ?? ""), "reminder schedule");
    return json({
      ok: true as const,
      schedule: await setReminderSchedule(context.db, user, params.id!, number, hours),
    });
  } catch (error) {
    if (error instanceof AppError)
      return json({ ok: false as const, error: error.message }, { status: httpStatus(error.code) });
    throw error;
  }
}
