import http from "node:http";
import { Pool } from "pg";
import { postgraphile } from "postgraphile";

// The peer: PostGraphile v4 over the bench database (DATABASE_URL, a role that may only SELECT), as a process
// of its own (PORT) run the way its CLI runs it in production: --dynamic-json, no mutations, no query log.
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, application_name: "cogov-bench-peer" });
const handler = postgraphile(pool, "public", {
  dynamicJson: true,
  disableDefaultMutations: true,
  disableQueryLog: true,
  ignoreRBAC: false,
  graphqlRoute: "/graphql",
  retryOnInitFail: false,
  setofFunctionsContainNulls: false,
});
// The bench asks GET /bench-statements how many statements the pool's clients ran for how many GraphQL requests.
const counted = { statements: 0, requests: 0 };
pool.on("connect", (client) => {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    counted.statements += 1;
    return query(...args);
  };
});
const server = http.createServer((req, res) => {
  if (req.url === "/bench-statements") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(counted));
    return;
  }
  if (req.method === "POST") counted.requests += 1;
  void handler(req, res);
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.stdout.write(`peer serves at ${process.env.PORT}\n`));
process.once("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => void pool.end().then(() => process.exit(0)));
});
