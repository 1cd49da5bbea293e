// The OpenAPI document against the server: the answers of the main routes (consultation, round, rating,
// decision, exports) are validated with an independent JSON Schema validator (Ajv, draft 2020-12) against the
// response schemas of the document the server serves, and a changed answer is refused by them.
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { api, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { buildRoleWorld, type RoleWorld } from "../support/roles.js";
import { startTestApp } from "../support/server.js";

type Operation = {
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
  security?: Record<string, string[]>[];
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object>; securitySchemes: Record<string, object> };
};

describe.each(providers)("the OpenAPI document describes what the server answers, on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let world: RoleWorld;
  let doc: Document;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    world = await buildRoleWorld(t, app, { panellists: 2 });
    const served = await fetch(`${app.url}/api/v1/openapi.json`);
    expect(served.status).toBe(200);
    doc = (await served.json()) as Document;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  /** The JSON schema the document gives for this route's answer with this status. */
  const documented = (method: string, path: string, status: number): object => {
    const schema =
      doc.paths[path]?.[method.toLowerCase()]?.responses[String(status)]?.content?.["application/json"]?.schema;
    if (!schema || !Object.keys(schema).length) throw new Error(`${method} ${path} ${status}: no documented schema`);
    return schema;
  };
  /** Ajv's errors for a body against the documented schema, [] when it matches. */
  const mismatches = (schema: object, body: unknown) => {
    const validate = ajv.compile(schema);
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
  };
  /** Calls a route and checks its answer against the document: the status it documents and its schema. */
  const call = async (method: string, template: string, path: string, who: Caller, body?: unknown) => {
    const res = await api(app, method, path, who, body);
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    expect(mismatches(documented(method, template, res.status), res.body), `${method} ${template}`).toEqual([]);
    return res.body;
  };

  test("rating: the saved rating matches the document, and an answer that drifts from it is refused", async () => {
    const me = world.panel[0]!;
    const path = `/rounds/${world.openRound.id}/items/${world.openRound.itemIds[0]}/rating`;
    const saved = await call("PUT", "/rounds/{id}/items/{itemId}/rating", path, me, { value: 4, comment: "fine" });
    expect(saved).toMatchObject({ itemId: world.openRound.itemIds[0], value: 4, comment: "fine", suggestion: "" });
    const schema = documented("PUT", "/rounds/{id}/items/{itemId}/rating", 200);
    // Each of these would be a server that no longer does what the document says.
    const { savedAt: _savedAt, ...withoutDate } = saved;
    expect(mismatches(schema, withoutDate)).toEqual(["/ must have required property 'savedAt'"]);
    expect(mismatches(schema, { ...saved, value: "4" })).toContain("/value must be integer");
    expect(mismatches(schema, { ...saved, memberId: "m1" })).toEqual(["/ must NOT have additional properties"]);
    expect(mismatches(schema, { ...saved, savedAt: "yesterday" })[0]).toMatch(/^\/savedAt must match pattern/);
  });

  test("round: the voting view of an open round with feedback from the round before matches the document", async () => {
    const me = world.panel[1]!;
    const view = await call("GET", "/rounds/{id}", `/rounds/${world.openRound.id}`, me);
    expect(view.items.length).toBe(world.openRound.itemIds.length);
    expect(view.items.some((i: { feedback: unknown }) => i.feedback !== null)).toBe(true);
    const schema = documented("GET", "/rounds/{id}", 200);
    const item = view.items.find((i: { feedback: unknown }) => i.feedback !== null);
    const changed = { ...view, items: [{ ...item, feedback: { ...item.feedback, comments: "a comment" } }] };
    expect(mismatches(schema, changed)).toContain("/items/0/feedback/comments must be array");
    expect(mismatches(schema, { ...view, round: { ...view.round, status: "paused" } })).toEqual([
      "/round/status must be equal to one of the allowed values",
    ]);
  });

  test("consultation, round transitions and decisions match the document", async () => {
    const moderator = world.callers.moderator;
    const c = await call("GET", "/consultations/{id}", `/consultations/${world.consultationId}`, moderator);
    expect(c.rounds.map((r: { number: number }) => r.number)).toEqual([1, 2]);
    await call("POST", "/rounds/{id}/close", `/rounds/${world.openRound.id}/close`, moderator);
    const decided = await call(
      "PUT",
      "/rounds/{id}/items/{itemId}/decision",
      `/rounds/${world.openRound.id}/items/${world.openRound.itemIds[0]}/decision`,
      moderator,
      { decision: "dropped", rationale: "out of scope" },
    );
    expect(decided).toMatchObject({ decision: "dropped", rationale: "out of scope", editorial: false });
  });

  test("exports are sent as one of the media types the document lists for them", async () => {
    const op = doc.paths["/consultations/{id}/exports/{file}"]!.get!;
    const types = Object.keys(op.responses["200"]!.content!);
    expect(types.sort()).toEqual([
      "application/json; charset=utf-8",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "text/csv; charset=utf-8",
    ]);
    for (const file of ["ratings.csv", "figures.xlsx", "study.json"]) {
      const res = await fetch(`${app.url}/api/v1/consultations/${world.consultationId}/exports/${file}`, {
        headers: { cookie: world.callers.moderator.cookie! },
      });
      expect(res.status, file).toBe(200);
      await res.arrayBuffer();
      expect(types, file).toContain(res.headers.get("content-type"));
    }
  });

  test("the document names both ways to authenticate and the error format", () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearerToken", "sessionCookie"]);
    expect(doc.paths["/rounds/{id}"]!.get!.security).toEqual([{ sessionCookie: [] }, { bearerToken: [] }]);
    const error = documented("PUT", "/rounds/{id}/items/{itemId}/rating", 400);
    expect(error).toEqual({ $ref: "#/components/schemas/Error" });
    const schema = { ...doc.components.schemas.Error, $id: "error" };
    expect(mismatches(schema, { error: { code: "validation", message: "x", details: [] } })).toEqual([]);
    expect(mismatches(schema, { message: "x" })).toEqual(["/ must have required property 'error'"]);
  });
});
