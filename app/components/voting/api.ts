// The browser's calls to /api/v1 from the voting page: JSON in and out, and the server's error (message and
// field paths) as an ApiError; a failed network is a plain TypeError (offline). An answer without a message has
// an empty one: the page names the failure in its language (ApiError's status).

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details: FieldIssue[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function callApi(path: string, method: string, body?: unknown) {
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const payload = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(
      payload?.error?.message ?? "",
      res.status,
      Array.isArray(payload?.error?.details) ? payload.error.details : [],
    );
  return payload;
}
