// Downloads of a consultation's exports (ratings, figures, audit log as CSV/XLSX; the study as JSON;
// the verified audit head). Moderators and observers; every download is recorded in the audit trail.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportStudyFile, fileResponse } from "~/models/export.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    return fileResponse(await exportStudyFile(context.db, user, params.id!, params.file!));
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}
