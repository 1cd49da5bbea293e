// /api/v1/* — the JSON API (app/api/routes.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApi } from "~/api/dispatch.server";

export const loader = ({ request, context }: LoaderFunctionArgs) => handleApi(request, context);
export const action = ({ request, context }: ActionFunctionArgs) => handleApi(request, context);
