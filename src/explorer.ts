import path from "node:path";
import express, { type Request, type RequestHandler, type Router } from "express";

/**
 * GraphiQL, served entirely from this server: the prebuilt browser bundles shipped in the npm packages
 * (pinned in package.json) and the few lines below. Nothing is fetched from elsewhere, so the explorer
 * works offline and where CDNs are unreachable; the page's Content-Security-Policy enforces it.
 */
const VENDOR_FILES: Record<string, { pkg: string; file: string; type: string }> = {
  "react.production.min.js": { pkg: "react", file: "umd/react.production.min.js", type: "text/javascript" },
  "react-dom.production.min.js": { pkg: "react-dom", file: "umd/react-dom.production.min.js", type: "text/javascript" },
  // Bundles graphql-ws (for subscriptions) and its fonts as data: URLs.
  "graphiql.min.js": { pkg: "graphiql", file: "graphiql.min.js", type: "text/javascript" },
  "graphiql.min.css": { pkg: "graphiql", file: "graphiql.min.css", type: "text/css" },
};

/**
 * The page is served at the GraphQL path itself, so GraphQL is `location.pathname` and subscriptions are
 * the same address over ws(s). GraphiQL sends the headers editor's headers with each HTTP request and, for a
 * subscription, as graphql-ws connectionParams, where Cogov reads `authorization`: names are lower-cased,
 * which HTTP ignores.
 */
const SETUP_SCRIPT = `"use strict";
(() => {
  const url = location.origin + location.pathname;
  const fetchGraphQL = GraphiQL.createFetcher({ url, subscriptionUrl: url.replace(/^http/, "ws") });
  const lowerCased = (headers) => Object.fromEntries(Object.entries(headers || {}).map(([name, value]) => [name.toLowerCase(), value]));
  const fetcher = (params, options) => fetchGraphQL(params, { ...options, headers: lowerCased(options && options.headers) });
  const defaultQuery = [
    "# Cogov. To act as someone: signIn, then in Headers below",
    '#   { "Authorization": "Bearer <token or API key>" }',
    "# (sent with subscriptions too).",
    "",
    "{",
    '  organizations(first: 5, filter: { search: "社區" }) {',
    "    totalCount",
    "    nodes { name kind area { name } }",
    "  }",
    "}",
    "",
  ].join("\\n");
  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(GraphiQL, { fetcher, defaultQuery }));
})();
`;

const PAGE_CSS = `html, body, #graphiql { height: 100%; margin: 0; }
`;

const PAGE = `<!doctype html>
<html lang="zh-Hant">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cogov GraphQL explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="explorer/graphiql.min.css">
<link rel="stylesheet" href="explorer/explorer.css">
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="explorer/react.production.min.js"></script>
<script src="explorer/react-dom.production.min.js"></script>
<script src="explorer/graphiql.min.js"></script>
<script src="explorer/explorer.js"></script>
</body>
</html>
`;

/**
 * Only this server: scripts, styles and connections (CSP 3's 'self' covers ws: and wss: to the same host);
 * data: only for the fonts and icons inlined in GraphiQL's stylesheet. Not framed, so no other site can
 * overlay it.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** A browser asking for /graphql prefers HTML; GraphQL clients (and GETs without Accept) get GraphQL. */
function prefersHtml(req: Request): boolean {
  return req.method === "GET" && req.accepts(["application/json", "application/graphql-response+json", "text/html"]) === "text/html";
}

/** The explorer page, for browsers at the GraphQL path; anything else goes on to GraphQL. */
export const explorerPage: RequestHandler = (req, res, next) => {
  if (!prefersHtml(req)) return next();
  // The page's assets are relative to /graphql; at /graphql/ they would resolve under it and not load.
  const url = new URL(req.originalUrl, "http://localhost");
  if (url.pathname.endsWith("/")) return res.redirect(301, url.pathname.replace(/\/+$/, "") + url.search);
  res.set({ "content-security-policy": CONTENT_SECURITY_POLICY, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "cache-control": "no-cache" });
  res.type("html").send(PAGE);
};

/** The files the page loads, mounted at /explorer. */
export function explorerAssets(): Router {
  const router = express.Router();
  const own: Record<string, { type: string; body: string }> = {
    "explorer.js": { type: "text/javascript", body: SETUP_SCRIPT },
    "explorer.css": { type: "text/css", body: PAGE_CSS },
  };
  for (const [name, { type, body }] of Object.entries(own)) {
    router.get(`/${name}`, (_req, res) => {
      res.set({ "x-content-type-options": "nosniff", "cache-control": "no-cache" });
      res.type(type).send(body);
    });
  }
  for (const [name, { pkg, file, type }] of Object.entries(VENDOR_FILES)) {
    const location = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
    // Revalidated (Last-Modified and ETag answer 304), so a browser never keeps a bundle of an older pin.
    router.get(`/${name}`, (_req, res, next) => {
      res.sendFile(location, { cacheControl: false, headers: { "content-type": `${type}; charset=utf-8`, "cache-control": "no-cache", "x-content-type-options": "nosniff" } }, (error) => error && next(error));
    });
  }
  return router;
}
