// Serves /api/v1 from the route table: authentication (session cookie or Bearer token), CSRF
// defence for cookie calls, body limits and validation, and JSON errors {error: {code, message, details}}.
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { interfaceLanguage } from "../i18n/interface-language.server.js";
import { AppError, fromZodError, httpStatus } from "../../shared/errors/app-error.js";
import { assertWellFormedBody } from "../../shared/delphi/schemas.js";
import { authenticateApiToken } from "../models/api-token.server.js";
import { fileResponse, type ExportFile } from "../models/export.server.js";
import { API_ROUTES, type ApiResult, type ApiRoute } from "./routes.server.js";
import { openApiDocument } from "./openapi.server.js";
import { databaseFailure } from "../../server/db/health.js";

export const API_PREFIX = "/api/v1";
const MAX_BODY_BYTES = 1024 * 1024;

const compiled = API_ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = route.path
    .replace(/\./g, "\\.")
    .replace(/\{(\w+)\}/g, (_m, name: string) => (names.push(name), "([^/]+)"));
  return { route, names, regex: new RegExp(`^${pattern}$`) };
});

function match(method: string, path: string): { route: ApiRoute; params: Record<string, string> } | "method" | null {
  let pathMatched = false;
  for (const c of compiled) {
    const m = c.regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (c.route.method !== method) continue;
    return { route: c.route, params: Object.fromEntries(c.names.map((n, i) => [n, decodeParam(n, m[i + 1]!)])) };
  }
  return pathMatched ? "method" : null;
}

/** The edge (server/security.ts) refuses malformed escapes first; this keeps the dispatcher safe on its own. */
function decodeParam(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError("validation", `Invalid ${name} in the path: malformed percent-escape`, [
      { path: name, message: "malformed percent-escape" },
    ]);
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });

export const errorResponse = (error: AppError) =>
  json(httpStatus(error.code), { error: { code: error.code, message: error.message, details: error.details } });

async function readBody(request: Request, route: ApiRoute): Promise<unknown> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES)
    throw new AppError("too_large", `Request body too large: ${length} bytes > ${MAX_BODY_BYTES}`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new AppError("too_large", `Request body too large: more than ${MAX_BODY_BYTES} bytes`);
  if (route.bodyType === "csv") return text;
  if (!route.body || (route.bodyOptional && !text.trim())) return undefined;
  if (!text.trim())
    throw new AppError("validation", "Request body required: expected JSON", [{ path: "", message: "required" }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AppError("validation", `Request body is not valid JSON: ${(error as Error).message}`, [
      { path: "", message: "invalid JSON" },
    ]);
  }
  // Lone surrogates ("\ud800") parse as JSON but are not text: refuse them by path before any schema.
  assertWellFormedBody(parsed);
  const result = (route.body as z.ZodType).safeParse(parsed);
  if (!result.success) throw fromZodError(result.error, "request body");
  // Domain functions validate again with their own schemas; pass the raw input so defaults apply once.
  return parsed;
}

/** Cookies ride along on cross-site requests; a state change made with one must come from our own origin. */
function assertSameOrigin(request: Request, publicUrl: string) {
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  const own = [new URL(request.url).origin, new URL(publicUrl).origin];
  if (origin ? !own.includes(origin) : fetchSite === "cross-site")
    throw new AppError(
      "forbidden",
      "Cross-site request refused: state-changing calls with a session cookie must come from this site",
    );
}

/**
 * Outside production every answer of a documented route is checked against its response schema, the one the
 * OpenAPI document shows: a field added, renamed or retyped without the schema fails the tests as a 500.
 */
function assertDocumented(route: ApiRoute, body: unknown) {
  const checked = route.response!.safeParse(JSON.parse(JSON.stringify(body)));
  if (!checked.success)
    throw new Error(
      `${route.method} ${route.path} answered what its documented response schema refuses: ${z.prettifyError(checked.error)}`,
    );
}

export async function handleApi(request: Request, context: AppLoadContext): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.slice(API_PREFIX.length) || "/";
  try {
    if (request.method === "GET" && path === "/openapi.json") return json(200, openApiDocument());
    const found = match(request.method, path);
    if (found === null) throw new AppError("not_found", `No API route ${request.method} ${API_PREFIX}${path}`);
    if (found === "method")
      return json(405, {
        error: {
          code: "method_not_allowed",
          message: `${request.method} is not allowed on ${API_PREFIX}${path}`,
          details: [],
        },
      });
    const { route, params } = found;

    const bearer = request.headers.get("authorization")?.match(/^Bearer (.+)$/i)?.[1];
    const token = bearer ? await authenticateApiToken(context.db, bearer) : null;
    const user = token ? token.user : (context.session?.user ?? null);
    // A leaked token must not be able to renew itself or hide from its owner: tokens are managed signed in.
    if (token && route.sessionOnly)
      throw new AppError("forbidden", "API tokens cannot list, create or revoke tokens: sign in to manage them");
    if (token?.scope === "read" && route.method !== "GET")
      throw new AppError(
        "forbidden",
        `This API token has the "read" scope: only GET calls are allowed (a "read-write" token can ${route.method})`,
      );
    if (!user && route.access !== "public")
      throw new AppError("unauthenticated", "Sign in or send an API token (Authorization: Bearer …)");
    if (!bearer && user && route.method !== "GET") assertSameOrigin(request, context.config.publicUrl);

    const body = route.method === "GET" ? undefined : await readBody(request, route);
    const out = await route.handle({
      context,
      user: user!,
      params,
      body,
      query: url.searchParams,
      language: interfaceLanguage(request, user),
    });
    // A handler answering { file: { body, contentType, filename } } sends a download, not JSON.
    if (out && typeof out === "object" && "file" in out && Object.keys(out).length === 1)
      return fileResponse((out as { file: ExportFile }).file);
    const result: ApiResult =
      out &&
      typeof out === "object" &&
      "body" in out &&
      Object.keys(out).every((k) => ["body", "status", "headers"].includes(k))
        ? (out as ApiResult)
        : { body: out };
    if (route.response && context.config.env !== "production") assertDocumented(route, result.body);
    return json(result.status ?? route.status ?? 200, result.body, result.headers);
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error);
    // A database outage or a full disk is the service's state, not a bug: 503 with a readable message.
    const failure = databaseFailure(error);
    if (failure) return errorResponse(failure);
    console.error(error);
    return json(500, { error: { code: "internal", message: "Internal error; it has been logged", details: [] } });
  }
}
