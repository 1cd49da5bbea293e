// safeRedirect: the login page's redirectTo can only lead to a path of our own origin.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { safeRedirect } from "./session.server.js";

const OURS = "https://delphi.example";

/** Where a browser goes when handed this Location on our origin. */
const landsOn = (location: string) => new URL(location, `${OURS}/login`);

describe("safeRedirect", () => {
  test("refuses every known open-redirect trick and falls back to /consultations", () => {
    const tricks = [
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n//evil.example",
      "/%0d%0a//evil.example".replace(/%0d%0a/, "\r\n"),
      "https://evil.example",
      "http:evil.example",
      "javascript:alert(1)",
      "evil.example",
      " /consultations",
      "",
      "/\u0000/evil.example",
      "/\u007f/evil.example",
    ];
    for (const to of tricks) expect(safeRedirect(to), JSON.stringify(to)).toBe("/consultations");
    expect(safeRedirect(null)).toBe("/consultations");
    expect(safeRedirect(undefined, "/models")).toBe("/models");
  });

  test("keeps same-origin paths with their query and fragment; encoded slashes stay a path", () => {
    expect(safeRedirect("/consultations/abc?tab=panel#x")).toBe("/consultations/abc?tab=panel#x");
    expect(safeRedirect("/models/b1mg?v=2")).toBe("/models/b1mg?v=2");
    // "%2F%2Fevil.example" is one path segment named "//evil.example", not a host.
    const encoded = safeRedirect("/%2F%2Fevil.example");
    expect(landsOn(encoded).origin).toBe(OURS);
    expect(landsOn("/%0d%0a//evil.example").origin).toBe(OURS);
    expect(safeRedirect("/%0d%0a//evil.example")).toBe("/%0d%0a//evil.example");
  });

  test("dot segments that leave a path starting with // fall back (fast-check found /.//)", () => {
    for (const to of ["/.//", "/.//evil.example", "/a/..//evil.example", "/././/evil.example/x?y#z"])
      expect(safeRedirect(to), to).toBe("/consultations");
  });

  test("whatever it is given, the browser stays on our origin (property)", () => {
    const piece = fc.oneof(
      fc.constantFrom("/", "//", "\\", "\t", "\n", "\r", "%2F", "%5C", "%0d%0a", ":", "@", "?", "#", ".", ".."),
      fc.constantFrom("evil.example", "https:", "javascript:", "http://", " ", "\u0000", "\u2028"),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const to = parts.join("");
        const out = safeRedirect(to);
        expect(out.startsWith("/")).toBe(true);
        expect(out.startsWith("//")).toBe(false);
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\u0000-\u001f\u007f\\]/);
        expect(landsOn(out).origin).toBe(OURS);
      }),
      { numRuns: 2000 },
    );
  });
});
