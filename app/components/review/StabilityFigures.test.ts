// The stability and agreement tables as the review page, the lineage and the report render them (server-side).
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MantineProvider } from "@mantine/core";
import { MemoryRouter } from "react-router-dom";
import { I18nextProvider } from "react-i18next";
import { CATALOGS } from "../../i18n/catalogs.server";
import { createI18n } from "../../i18n/i18n";
import { describe, expect, test } from "vitest";
import { StabilitySection } from "../report/StabilitySection";
import { RoundStabilityPanel } from "./RoundStabilityPanel";
import { ItemStabilitySummary, type ShownAgreement, type ShownStability } from "./StabilityFigures";

const agreement: ShownAgreement = {
  round: 2,
  nPanellists: 8,
  nRaters: 6,
  nRatersExcluded: 2,
  nItems: 6,
  fleissKappaPoints: 0.04123,
  fleissKappaAgreement: null,
  kendallW: 0.5,
};
const stability: ShownStability = {
  key: "I.1.1",
  kind: "indicator",
  round: 2,
  previousRound: 1,
  nPairs: 7,
  nChangedCategory: 2,
  changedCategoryPct: 28.571428571428573,
  wilcoxon: { statistic: 3, pValue: 0.375, method: "permutation", nNonZero: 5 },
  iqrPrevious: 2.5,
  iqr: 2,
  iqrChange: -0.5,
  agreePctPrevious: 28.571428571428573,
  agreePct: 42.857142857142854,
  agreePctChange: 14.285714285714281,
};
const i18n = createI18n("en", CATALOGS.en);
const render = (node: ReturnType<typeof h>) =>
  renderToStaticMarkup(h(I18nextProvider, { i18n }, h(MemoryRouter, null, h(MantineProvider, null, node)))).replaceAll(
    "<!-- -->",
    "",
  );

describe("stability tables", () => {
  test("the review tab shows the round's kappa, W and each item's changes, undefined coefficients as a dash", () => {
    const html = render(h(RoundStabilityPanel, { round: 2, agreement, items: [stability] }));
    expect(html).toContain("Panel agreement in round 2");
    expect(html).toMatch(/<td[^>]*>0\.041<\/td><td[^>]*>—<\/td><td[^>]*>0\.500<\/td>/);
    expect(html).toContain("Stability from round 1 to round 2");
    expect(html).toContain("28.6 %");
    expect(html).toContain("0.375");
    expect(html).toContain("−0.5");
    expect(html).toContain("+14.29 points");
  });

  test("round 1 says there is nothing to compare with", () => {
    const html = render(h(RoundStabilityPanel, { round: 1, agreement: { ...agreement, round: 1 }, items: [] }));
    expect(html).toContain("Round 1 has no previous round to compare with.");
  });

  test("the drawer and lineage summary name the test's method, and say when it is undefined", () => {
    expect(render(h(ItemStabilitySummary, { stability }))).toContain("0.375 (permutation)");
    const none = { ...stability, wilcoxon: { statistic: null, pValue: null, method: null, nNonZero: 0 } };
    expect(render(h(ItemStabilitySummary, { stability: none }))).toContain("— (no difference to test)");
  });

  test("the report section links each item to its lineage", () => {
    const html = render(
      h(StabilitySection, {
        stability: { method: ["How it is computed."], rounds: [agreement], items: [stability] },
        consultationId: "c1",
      }),
    );
    expect(html).toContain("How it is computed.");
    expect(html).toContain('href="/consultations/c1/items/I.1.1"');
  });
});
