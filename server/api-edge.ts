// Serves /api/v1 straight from Express, without Remix's router: the API route module of the build is called
// with the request and the load context, exactly as Remix would call it (same dispatcher, same checks, same
// errors), minus route matching and response plumbing that the busiest calls (a panel autosaving ratings)
// paid on every request. Pages still go through Remix.
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";

type ApiModule = { loader(args: unknown): Promise<Response>; action(args: unknown): Promise<Response> };

function readBody(req: ExpressRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function fetchRequest(req: ExpressRequest, body: Buffer | undefined): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const url = `${req.protocol}://${req.headers.host ?? "localhost"}${req.originalUrl}`;
  return new Request(url, { method: req.method, headers, body: body as Uint8Array<ArrayBuffer> | undefined });
}

async function send(res: ExpressResponse, response: Response) {
  res.status(response.status);
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.append("Set-Cookie", cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}

export function apiEdge(build: ServerBuild, loadContext: (res: ExpressResponse) => AppLoadContext) {
  const route = build.routes["routes/api.v1.$"];
  if (!route) throw new Error("the Remix build has no routes/api.v1.$ module");
  const api = route.module as unknown as ApiModule;
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const reads = req.method === "GET" || req.method === "HEAD";
      const request = fetchRequest(req, reads ? undefined : await readBody(req));
      const args = { request, context: loadContext(res), params: { "*": req.path.slice("/api/v1/".length) } };
      await send(res, await (reads ? api.loader(args) : api.action(args)));
    } catch (error) {
      next(error);
    }
  };
}
