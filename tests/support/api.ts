// A small JSON API client for tests and scripted study replays.
import type { RunningApp } from "../../server/app.js";

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Caller {
  cookie?: string;
  token?: string;
}

export async function api<T = any>(
  app: RunningApp,
  method: string,
  path: string,
  who: Caller = {},
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer<T>> {
  const h: Record<string, string> = { ...headers };
  if (who.cookie) h.cookie = who.cookie;
  if (who.token) h.authorization = `Bearer ${who.token}`;
  let payload: string | undefined;
  if (typeof body === "string") payload = body;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    h["content-type"] = "application/json";
  }
  const res = await fetch(`${app.url}/api/v1${path}`, { method, headers: h, body: payload, redirect: "manual" });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** Redeems an invitation link through the API and returns the panellist's session cookie. */
export async function redeem(app: RunningApp, link: string): Promise<string> {
  const token = link.split("/invite/")[1]!;
  const res = await api(app, "POST", `/invitations/${token}/redeem`);
  if (res.status !== 200) throw new Error(`redeem failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

/** A model file with `domains` × `subdomains` × `indicators` (all five levels), written for tests. */
export function syntheticModel(name: string, domains: number, subdomains: number, indicators: number) {
  const roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
  return {
    name,
    levelScale: ["Level 1", "Level 2", "Level 3", "Level 4", "Level 5"],
    domains: Array.from({ length: domains }, (_, d) => ({
      code: roman[d]!,
      title: `Domain ${roman[d]}`,
      subdomains: Array.from({ length: subdomains }, (_, s) => ({
        id: `${roman[d]}.${s + 1}`,
        title: `Subdomain ${roman[d]}.${s + 1}`,
        indicators: Array.from({ length: indicators }, (_, i) => ({
          id: `${roman[d]}.${s + 1}.${i + 1}`,
          statement: `Indicator ${roman[d]}.${s + 1}.${i + 1} is in place`,
          levels: [1, 2, 3, 4, 5].map((l) => `Stage ${l} of indicator ${roman[d]}.${s + 1}.${i + 1}`),
        })),
      })),
    })),
    glossary: [],
  };
}
