// One route of /api/v1 as the table (routes.server.ts) declares it, in its own module so the route files that
// spread into the table import it without importing the table back.
import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import type { SessionUser } from "../models/user.server.js";

export interface ApiRequest {
  context: AppLoadContext;
  /** Null only on public routes. */
  user: SessionUser;
  params: Record<string, string>;
  body: unknown;
  query: URLSearchParams;
  /** The caller's interface language (app/i18n/interface-language.server.ts): items are shown and answered in it when offered. */
  language: string;
}

export interface ApiResult {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ApiRoute {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  summary: string;
  /** Who may call it; checked again in the domain function (the real gate). */
  access: "public" | "signed-in" | "member" | "moderator" | "panellist" | "admin";
  body?: z.ZodType;
  bodyType?: "json" | "csv";
  /** The JSON body may be left out (then the handler gets undefined). */
  bodyOptional?: boolean;
  /** Only with a session cookie: a Bearer token gets 403 (tokens cannot mint, list or revoke tokens). */
  sessionOnly?: boolean;
  status?: number;
  /** The success body (app/api/responses.server.ts): documented in the OpenAPI document, checked outside production. */
  response?: z.ZodType;
  /** A download's media types (the handler answers { file }), documented instead of a JSON body. */
  produces?: readonly string[];
  handle(req: ApiRequest): Promise<unknown | ApiResult>;
}

/** A route whose success body is `response`: tsc checks that its handler returns that shape. */
export function answering<S extends z.ZodType>(
  response: S,
  handle: (req: ApiRequest) => Promise<z.output<S>>,
): Pick<ApiRoute, "response" | "handle"> {
  return { response, handle };
}
