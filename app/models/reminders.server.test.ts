// The reminder schedule as a moderator writes it and when its points fall due.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseReminderHours, reminderHoursSchema } from "../../shared/delphi/schemas.js";
import { duePoints } from "./reminders.server.js";

const HOUR = 3600_000;

describe("parseReminderHours", () => {
  test("days and hours, with or without units, in the order written", () => {
    expect(parseReminderHours("3 days, 1 day; 12 h, 6hours, 2", "x")).toEqual([72, 24, 12, 6, 2]);
    expect(parseReminderHours("  ", "x")).toEqual([]);
  });
  test("a part that is not a time is a validation error naming the field and the part", () => {
    expect(() => parseReminderHours("3 days, soon", "next round")).toThrow(
      'Invalid next round: reminderHours: "soon" is not a time before the deadline',
    );
    expect(() => parseReminderHours("-1 d", "x")).toThrow(/"-1 d"/);
  });
  test("whatever parses is either accepted by the schema or refused with a reason", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3000), fc.constantFrom("", " h", "d", " days")), { maxLength: 12 }),
        (parts) => {
          const hours = parseReminderHours(parts.map(([n, u]) => `${n}${u}`).join(", "), "x");
          expect(hours).toHaveLength(parts.length);
          const checked = reminderHoursSchema.safeParse(hours);
          if (!checked.success) expect(checked.error.issues[0]!.message).toMatch(/hour|reminders|once/);
        },
      ),
    );
  });
});

describe("duePoints", () => {
  const openedAt = new Date(Date.UTC(2026, 0, 1));
  const deadline = new Date(openedAt.getTime() + 48 * HOUR);
  const round = { openedAt, deadline, reminderHours: [72, 24, 1] };
  const at = (hours: number) => new Date(openedAt.getTime() + hours * HOUR);

  test("a point is due from its time until the deadline, once", () => {
    expect(duePoints(round, new Set(), at(23))).toEqual([]);
    expect(duePoints(round, new Set(), at(24))).toEqual([24]);
    expect(duePoints(round, new Set([24]), at(30))).toEqual([]);
    expect(duePoints(round, new Set([24]), at(47.5))).toEqual([1]);
    expect(duePoints(round, new Set(), at(48))).toEqual([]);
  });
  test("a point before the round opened is never due; points missed together come due together", () => {
    expect(duePoints(round, new Set(), at(47.5))).toEqual([24, 1]);
    expect(duePoints({ ...round, reminderHours: [72] }, new Set(), at(10))).toEqual([]);
  });
  test("no deadline or not open: nothing is due", () => {
    expect(duePoints({ ...round, deadline: null }, new Set(), at(30))).toEqual([]);
    expect(duePoints({ ...round, openedAt: null }, new Set(), at(30))).toEqual([]);
  });
});
