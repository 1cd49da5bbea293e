// The OpenAPI 3.1 description of /api/v1, generated from the route table and its zod schemas.
import { z } from "zod";
import type { ApiRoute } from "./api-route.server.js";
import { API_ROUTES } from "./routes.server.js";

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "details"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        details: {
          type: "array",
          items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } },
        },
      },
    },
  },
};

/** The success body: the route's response schema (the one the dispatcher checks), or a download's media types. */
function successContent(route: ApiRoute): Record<string, unknown> {
  if (route.produces)
    return Object.fromEntries(
      route.produces.map((type) => [type, { schema: { type: "string", contentMediaType: type.split(";")[0] } }]),
    );
  if (!route.response) return { "application/json": {} };
  return { "application/json": { schema: z.toJSONSchema(route.response, { io: "output", unrepresentable: "any" }) } };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const errors = Object.fromEntries(
      [
        ["400", "Invalid input (details name the fields)"],
        ["401", "Not signed in, or the API token is unknown, revoked or expired"],
        ["403", 'Not allowed for this role, or for this API token ("read" scope on a write; token routes)'],
        ["404", "Not found"],
        ["409", "Conflicts with the current state (e.g. round closed)"],
      ].map(([code, description]) => [
        code,
        { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
      ]),
    );
    const operation: Record<string, unknown> = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}./]+(\w)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      summary: route.summary,
      "x-access": route.access,
      ...(route.sessionOnly ? { "x-session-only": true } : {}),
      parameters: params,
      security:
        route.access === "public"
          ? []
          : route.sessionOnly
            ? [{ sessionCookie: [] }]
            : [{ sessionCookie: [] }, { bearerToken: [] }],
      responses: {
        [String(route.status ?? 200)]: { description: "Success", content: successContent(route) },
        ...errors,
      },
    };
    if (route.body)
      operation.requestBody = {
        required: !route.bodyOptional,
        content: {
          "application/json": { schema: z.toJSONSchema(route.body, { io: "input", unrepresentable: "any" }) },
        },
      };
    if (route.bodyType === "csv")
      operation.requestBody = { required: true, content: { "text/csv": { schema: { type: "string" } } } };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "delphi-mlm API",
      version: "1.0.0",
      description: "Everything the delphi-mlm UI does, as JSON. Errors: {error: {code, message, details}}.",
    },
    servers: [{ url: "/api/v1" }],
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        sessionCookie: { type: "apiKey", in: "cookie", name: "delphi_session" },
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description:
            'Personal API token (POST /tokens, signed in). Scope "read": GET only, anything else is 403; "read-write": every call the owner may make. A token past its expiresAt is 401 "API token expired". Tokens cannot call /tokens.',
        },
      },
    },
  };
}
