// One error type for everything a user can get wrong: a code, a readable message and the
// path of the offending field. HTTP status mapping lives in one place (httpStatus).
import type { z } from "zod";

export type ErrorCode =
  | "validation"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "rate_limited"
  | "unavailable";

export interface FieldIssue {
  path: string;
  message: string;
}

const BRAND = Symbol.for("delphi-mlm.AppError");

export class AppError extends Error {
  // The server (run by tsx) and the Remix bundle each load their own copy of this module; the brand
  // makes `instanceof` recognise an AppError thrown by either copy.
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
  readonly [BRAND] = true;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }
}

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

export function httpStatus(code: ErrorCode): number {
  return STATUS[code];
}

/** `["domains", 2, "levels"]` → `domains[2].levels` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === "number") return `${out}[${part}]`;
    return out ? `${out}.${String(part)}` : String(part);
  }, "");
}

export function fromZodError(error: z.ZodError, what: string): AppError {
  const details = error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  const first = details[0];
  const where = first?.path ? `${first.path}: ` : "";
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : "";
  return new AppError("validation", `Invalid ${what}: ${where}${first?.message ?? "invalid"}${more}`, details);
}
