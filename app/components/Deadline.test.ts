import { describe, expect, test } from "vitest";
import { localDateTime, relativeTime } from "./Deadline";

describe("deadlines for their reader", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  test("how far away, in the largest whole unit", () => {
    expect(relativeTime(new Date("2026-12-04T12:00:00Z"), now, "en")).toBe("in 3 days");
    expect(relativeTime(new Date("2026-12-02T14:00:00Z"), now, "en")).toBe("tomorrow");
    expect(relativeTime(new Date("2026-12-01T17:10:00Z"), now, "en")).toBe("in 5 hours");
    expect(relativeTime(new Date("2026-11-29T12:00:00Z"), now, "en")).toBe("2 days ago");
    expect(relativeTime(new Date("2026-12-01T12:00:20Z"), now, "en")).toBe("this minute");
    expect(relativeTime(new Date("2026-12-04T12:00:00Z"), now, "fr")).toBe("dans 3 jours");
  });
  test("the date in the reader's own zone, naming it", () => {
    const at = new Date("2026-12-04T23:30:00Z");
    expect(localDateTime(at, "en-GB", "Europe/Athens")).toBe("5 Dec 2026, 01:30 EET");
    expect(localDateTime(at, "en-GB", "UTC")).toBe("4 Dec 2026, 23:30 UTC");
  });
});
