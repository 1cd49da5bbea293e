// A consultation rates exactly the items chosen for it: a list of keys from the create form's tree or
// the API, checked against the model version (an unknown key is named), in model order, at least one.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { api, syntheticModel, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, pageData, startTestApp } from "../support/server.js";

const FORM_ROUTE = "routes/consultations.new";

describe.each(providers)("choosing items on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true });
    moderator = { cookie: await login(app, admin.email, admin.password) };
    await importModel(t.db, syntheticModel("Choice model", 2, 2, 2)); // 2 + 4 + 8 + 8 = 22 items
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  const roundKeys = async (roundId: string) =>
    (await t.db.roundItem.findMany({ where: { roundId }, orderBy: { position: "asc" } })).map((i) => i.key);

  test("the API creates round 1 with exactly the listed items, in model order", async () => {
    const res = await api(app, "POST", "/consultations", moderator, {
      title: "Chosen by key",
      modelSlug: "choice-model",
      items: ["II.1.2/levels", "I", "I.2.1", "I.2.1/levels", "II.1"],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.items).toBe(5);
    expect(await roundKeys(res.body.roundId)).toEqual(["I", "I.2.1", "I.2.1/levels", "II.1", "II.1.2/levels"]);
  });

  test("an unknown key is a 400 naming it, an empty list a 400 asking for one item; nothing is created", async () => {
    const before = await t.db.consultation.count();
    const unknown = await api(app, "POST", "/consultations", moderator, {
      title: "Bad keys",
      modelSlug: "choice-model",
      items: ["I.1.1", "IX.9.9", "I.1.1/level"],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('Invalid consultation: items: unknown item key "IX.9.9", "I.1.1/level"');
    const empty = await api(app, "POST", "/consultations", moderator, {
      title: "No keys",
      modelSlug: "choice-model",
      items: [],
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe("Invalid request body: items: choose at least 1 item");
    expect(await t.db.consultation.count()).toBe(before);
  });

  test("the create form's tree is the chosen version's items, and its ticked keys are what round 1 holds", async () => {
    const page = await pageData(app, "/consultations/new?model=choice-model@1", { cookie: moderator.cookie! });
    const { choice } = page.routes[FORM_ROUTE]!.data;
    expect(choice.model).toBe("choice-model@1");
    expect(choice.items).toHaveLength(22);
    expect(choice.items.slice(0, 4)).toEqual([
      { key: "I", kind: "domain", wording: "Domain I" },
      { key: "I.1", kind: "subdomain", wording: "Subdomain I.1" },
      { key: "I.1.1", kind: "indicator", wording: "Indicator I.1.1 is in place" },
      { key: "I.1.1/levels", kind: "levels", wording: "" },
    ]);

    // A version that cannot be (1e400, -1, 1.5) or a slug no model has shows the first model's tree, never a 500.
    for (const model of ["choice-model@1e400", "choice-model@-1", "choice-model@1.5", "no-such@1", "bad slug@1"]) {
      const res = await pageData(app, `/consultations/new?model=${model}`, { cookie: moderator.cookie! });
      expect(res.status, model).toBe(200);
      expect(res.routes[FORM_ROUTE]!.data.choice.model, model).toBe("choice-model@1");
    }

    const post = (fields: [string, string][]) =>
      pageData(app, "/consultations/new", {
        method: "POST",
        cookie: moderator.cookie!,
        body: new URLSearchParams([["title", "From the tree"], ["model", "choice-model@1"], ...fields]),
      });
    const created = await post([
      ["itemsFor", "choice-model@1"],
      ["item", "I.1.2"],
      ["item", "II"],
    ]);
    expect(created.status).toBe(202); // Remix's answer to a redirect asked for as data
    const id = created.redirect!.split("/consultations/")[1]!;
    const round = await t.db.round.findFirstOrThrow({ where: { consultationId: id } });
    expect(await roundKeys(round.id)).toEqual(["I.1.2", "II"]);

    // Every box unticked is an empty choice, refused beside the tree — not the default preset.
    const none = await post([["itemsFor", "choice-model@1"]]);
    expect(none.status).toBe(400);
    const answer = none.routes.action!.data;
    expect(answer.details).toEqual([{ path: "items", message: "choose at least 1 item" }]);
    const unknown = await post([
      ["itemsFor", "choice-model@1"],
      ["item", "I.9"],
    ]);
    expect(unknown.routes.action!.data.error).toBe('Invalid consultation: items: unknown item key "I.9"');
  });
});
