// A whole two-round study driven only through the typed client generated from the OpenAPI document
// (openapi-fetch over tests/support/api-schema.d.ts), as an integrator's script would: a token from email and
// password, a model imported, consultation, panel, invitations redeemed, two rounds rated and closed, decisions,
// the next round, publishing, exports and the audit check. A path, method or parameter the document lost would
// fail to type-check here; an answer it does not describe fails the server's own check outside production.
import { readFileSync } from "node:fs";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import type { paths } from "../support/api-schema.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { deliverMail, linkIn } from "../support/mail.js";
import { createTestUser, startTestApp } from "../support/server.js";

const NEW_WORDING = "A named national body steers genomic medicine and reports on it every year";

describe.each(providers)("a two-round study through the generated client on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let admin: { email: string; password: string };
  const client = (auth: { token?: string; cookie?: string } = {}) =>
    createClient<paths>({
      baseUrl: `${app.url}/api/v1`,
      headers: {
        ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
        ...(auth.cookie ? { cookie: auth.cookie } : {}),
      },
    });
  /** The answer's body, after checking its status (the error body in the message otherwise). */
  const ok = <T>(answer: { data?: unknown; error?: unknown; response: Response }, status = 200) => {
    expect(answer.response.status, JSON.stringify(answer.error)).toBe(status);
    return answer.data as T;
  };

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    admin = await createTestUser(t, { isAdmin: true });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  test(
    "token, model, consultation, panel, two rounds, decisions, publish, exports, audit",
    { timeout: 120_000 },
    async () => {
      const { token } = ok<{ token: string }>(
        await client().POST("/auth/token", {
          body: { email: admin.email, password: admin.password, name: "study script", scope: "read-write" } as never,
        }),
        201,
      );
      const moderator = client({ token });
      const model = JSON.parse(readFileSync("prisma/demo-model.json", "utf8")) as Record<string, unknown>;
      const imported = ok<{ modelSlug: string; versionNumber: number }>(
        await moderator.POST("/models", { body: { ...model, name: "Client study model" } as never }),
        201,
      );

      const created = ok<{ id: string; roundId: string }>(
        await moderator.POST("/consultations", {
          body: { title: "Client study", modelSlug: imported.modelSlug, items: "indicators" } as never,
        }),
        201,
      );
      const id = created.id;
      const people = [1, 2, 3].map((i) => ({
        name: `Client Panellist ${i}`,
        email: `client${i}.${provider}@panel.example`,
        stakeholderType: i === 1 ? "ELSI" : "Research/University",
      }));
      ok(
        await moderator.POST("/consultations/{id}/panellists", { params: { path: { id } }, body: people as never }),
        201,
      );
      const mails = await deliverMail(t.db);
      const panel = [];
      for (const p of people) {
        const invitation = linkIn(mails.find((m) => m.to === p.email)!)!.split("/invite/")[1]!;
        const redeemed = await client().POST("/invitations/{token}/redeem", {
          params: { path: { token: invitation } },
        });
        ok(redeemed);
        panel.push(client({ cookie: redeemed.response.headers.get("set-cookie")!.split(";")[0]! }));
      }

      // Round 1: every panellist rates every indicator; the first one splits the panel.
      const round1 = created.roundId;
      ok(await moderator.POST("/rounds/{id}/open", { params: { path: { id: round1 } } }));
      const items = ok<{ items: { id: string; key: string }[] }>(
        await panel[0]!.GET("/rounds/{id}", { params: { path: { id: round1 } } }),
      ).items;
      expect(items.length).toBeGreaterThan(2);
      for (const [p, who] of panel.entries()) {
        for (const [k, item] of items.entries())
          ok(
            await who.PUT("/rounds/{id}/items/{itemId}/rating", {
              params: { path: { id: round1, itemId: item.id } },
              body: { value: k === 0 ? [5, 4, 2][p] : [5, 5, 4][p], comment: k === 0 ? `View ${p + 1}` : "" } as never,
            }),
          );
        ok(await who.POST("/rounds/{id}/submit", { params: { path: { id: round1 } } }));
      }
      ok(await moderator.POST("/rounds/{id}/close", { params: { path: { id: round1 } } }));
      const results = ok<{ items: { key: string; status: string; figures: { overall: { counts: number[] } } }[] }>(
        await moderator.GET("/rounds/{id}/results", { params: { path: { id: round1 } } }),
      );
      expect(results.items[0]).toMatchObject({ key: items[0]!.key, status: "reformulate" });
      expect(results.items[0]!.figures.overall.counts).toEqual([0, 1, 0, 1, 1]);
      expect(results.items.slice(1).every((i) => i.status === "validated")).toBe(true);

      // Decisions: the split item reformulated with new wording, the rest as the rule computed.
      ok(
        await moderator.PUT("/rounds/{id}/items/{itemId}/decision", {
          params: { path: { id: round1, itemId: items[0]!.id } },
          body: { decision: "reformulate", rationale: "Views split", newWording: NEW_WORDING } as never,
        }),
      );
      ok(await moderator.POST("/rounds/{id}/decisions/accept", { params: { path: { id: round1 } } }));

      // Round 2 on the reformulated item: the panel sees round 1's answers and rates the new wording.
      const round2 = ok<{ id: string }>(
        await moderator.POST("/consultations/{id}/rounds", {
          params: { path: { id } },
          body: { items: [{ key: items[0]!.key, wording: NEW_WORDING }] } as never,
        }),
        201,
      ).id;
      ok(await moderator.POST("/rounds/{id}/open", { params: { path: { id: round2 } } }));
      for (const [p, who] of panel.entries()) {
        const view = ok<{ items: { id: string; wording: string; feedback: { ownPrevious: number | null } }[] }>(
          await who.GET("/rounds/{id}", { params: { path: { id: round2 } } }),
        );
        expect(view.items).toHaveLength(1);
        expect(view.items[0]!.wording).toBe(NEW_WORDING);
        expect(view.items[0]!.feedback.ownPrevious).toBe([5, 4, 2][p]);
        ok(
          await who.PUT("/rounds/{id}/items/{itemId}/rating", {
            params: { path: { id: round2, itemId: view.items[0]!.id } },
            body: { value: [5, 5, 4][p] } as never,
          }),
        );
      }
      ok(await moderator.POST("/rounds/{id}/close", { params: { path: { id: round2 } } }));
      ok(await moderator.POST("/rounds/{id}/decisions/accept", { params: { path: { id: round2 } } }));

      // Publish: the next model version carries the new wording.
      const published = ok<{ modelSlug: string; versionNumber: number }>(
        await moderator.POST("/consultations/{id}/publish", { params: { path: { id } } }),
        201,
      );
      expect(published.versionNumber).toBe(imported.versionNumber + 1);
      const compared = ok<{ items: { key: string; change: string; after: string }[] }>(
        await moderator.GET("/models/{slug}/compare", {
          params: {
            path: { slug: published.modelSlug },
            query: { from: String(imported.versionNumber), to: String(published.versionNumber) } as never,
          },
        }),
      );
      expect(compared.items).toMatchObject([{ key: items[0]!.key, change: "changed", after: NEW_WORDING }]);

      // Exports, by pseudonym only, and an intact audit trail.
      const ratings = await moderator.GET("/consultations/{id}/exports/{file}", {
        params: { path: { id, file: "ratings.csv" } },
        parseAs: "text",
      });
      const csv = ok<string>(ratings);
      expect(csv.split("\n")[0]).toContain("pseudonym");
      expect(csv.trim().split("\n")).toHaveLength(1 + 3 * items.length + 3);
      for (const p of people) expect(csv).not.toContain(p.name);
      const study = ok<{ rounds: { number: number; status: string }[] }>(
        await moderator.GET("/consultations/{id}/exports/{file}", {
          params: { path: { id, file: "study.json" } },
          parseAs: "json",
        }),
      );
      expect(study.rounds.map((r) => [r.number, r.status])).toEqual([
        [1, "closed"],
        // Publishing the consensus publishes the round it came from.
        [2, "published"],
      ]);
      expect(ok(await moderator.GET("/consultations/{id}/audit/verify", { params: { path: { id } } }))).toMatchObject({
        ok: true,
      });
    },
  );
});
