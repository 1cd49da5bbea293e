import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { currentUser } from "~/session.server";

export async function loader({ context }: LoaderFunctionArgs) {
  return redirect(currentUser(context) ? "/consultations" : "/login");
}
