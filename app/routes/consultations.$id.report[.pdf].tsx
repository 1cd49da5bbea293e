// The study report as a PDF download (same content as /consultations/:id/report); recorded in the audit trail.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse, recordReportDownload } from "~/models/export.server";
import { slugify } from "~/models/model.server";
import { studyReport, studyReportPdf } from "~/models/report.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    const report = await studyReport(context.db, user, params.id!);
    const pdf = await studyReportPdf(report);
    await recordReportDownload(context.db, user, params.id!, "report.pdf", pdf);
    return fileResponse({
      body: pdf,
      contentType: "application/pdf",
      filename: `${slugify(report.consultation.title)}-report.pdf`,
    });
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}
