// A demo study with every page worth looking at, built through the API as a moderator would: study A has
// round 1 open and one panellist who answered and submitted; study B has round 1 closed with three
// panellists' ratings and every computed status accepted (items to reformulate stay undecided). Shared by the accessibility spec and the screenshots.
import type { Browser, Page } from "@playwright/test";
import { mailedLink } from "./mail";
import { base, moderatorApi, panellistPage, type Api } from "./session";

export const DEMO = "demo-genomic-medicine-maturity-model";

export interface DemoStudies {
  open: { id: string; roundId: string };
  closed: { id: string; roundId: string; itemKey: string };
  /** An invitation never redeemed, for the invitation page. */
  inviteLink: string;
  /** Signed in as study A's panellist, who has answered every item and submitted. */
  panellist: Page;
  /** Signed in as study A's other panellist, who has answered nothing yet. */
  voter: Page;
}

async function panelOf(api: Api, id: string, group: string, n: number, stamp: string) {
  const panel = Array.from({ length: n }, (_, i) => ({
    name: `Panellist ${group}${i + 1}`,
    email: `${group.toLowerCase()}${i + 1}-${stamp}@panel.example`,
    stakeholderType: i % 2 ? "Research/University" : "ELSI",
  }));
  await api("POST", `/consultations/${id}/panellists`, panel);
  return panel;
}

async function answerAll(p: Page, roundId: string, value: (key: string, i: number) => number) {
  const view = await (await p.request.get(`${base()}/api/v1/rounds/${roundId}`)).json();
  for (const [i, item] of (view.items as { id: string; key: string }[]).entries()) {
    const res = await p.request.put(`${base()}/api/v1/rounds/${roundId}/items/${item.id}/rating`, {
      data: { value: value(item.key, i), comment: i === 0 ? "Clear enough, but name the body responsible." : "" },
      headers: { origin: base() },
    });
    if (!res.ok()) throw new Error(`rating ${item.key}: ${await res.text()}`);
  }
}

/** `stamp` keeps emails (and, unless `plainTitles`, titles) apart from other specs' in the same database. */
export async function demoStudies(browser: Browser, stamp: string, plainTitles = false): Promise<DemoStudies> {
  const title = plainTitles ? "" : ` ${stamp}`;
  const context = await browser.newContext();
  const api = await moderatorApi(context.request);

  const a = await api("POST", "/consultations", {
    title: `Genomic medicine maturity, round 1 open${title}`,
    modelSlug: DEMO,
    items: "indicators",
  });
  const [panellistA, voterA, invitee] = await panelOf(api, a.id, "A", 3, stamp);
  await api("POST", `/rounds/${a.roundId}/open`);
  const panellist = await panellistPage(browser, await mailedLink(panellistA!.email));
  const voter = await panellistPage(browser, await mailedLink(voterA!.email));
  await answerAll(panellist, a.roundId, (_, i) => 3 + (i % 3));
  const submitted = await panellist.request.post(`${base()}/api/v1/rounds/${a.roundId}/submit`, {
    headers: { origin: base() },
  });
  if (!submitted.ok()) throw new Error(`submit: ${await submitted.text()}`);

  const b = await api("POST", "/consultations", {
    title: `Genomic medicine maturity, round 1 closed${title}`,
    modelSlug: DEMO,
    items: "indicators",
  });
  const panelB = await panelOf(api, b.id, "B", 3, stamp);
  await api("POST", `/rounds/${b.roundId}/open`);
  for (const [p, member] of panelB.entries()) {
    const page = await panellistPage(browser, await mailedLink(member.email));
    // Spread enough that the rule finds items to reformulate and re-evaluate, not only validated ones.
    await answerAll(
      page,
      b.roundId,
      (_, i) =>
        [
          [5, 4, 2],
          [5, 4, 3],
          [5, 5, 4],
        ][i % 3]![p]!,
    );
    await page.context().close();
  }
  await api("POST", `/rounds/${b.roundId}/close`);
  await api("POST", `/rounds/${b.roundId}/decisions/accept`);
  await context.close();
  return {
    open: { id: a.id, roundId: a.roundId },
    closed: { id: b.id, roundId: b.roundId, itemKey: "I.1.1" },
    inviteLink: await mailedLink(invitee!.email),
    panellist,
    voter,
  };
}
