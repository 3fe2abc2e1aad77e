import path from "node:path";
import { ConfigError, loadConfig } from "../src/config";

describe("configuration from the environment", () => {
  it("has defaults that run the embedded database with demo data", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      dataDir: path.resolve(".cogov"),
      port: 4000,
      corsOrigins: "*",
      demoData: true,
      debug: false,
    });
  });

  it("logs JSON lines, or readable lines to a person's terminal, unless COGOV_LOG_FORMAT says which", () => {
    expect(loadConfig({}, false).logFormat).toBe("json");
    expect(loadConfig({}, true).logFormat).toBe("pretty");
    expect(loadConfig({ COGOV_LOG_FORMAT: "json" }, true).logFormat).toBe("json");
    expect(loadConfig({ COGOV_LOG_FORMAT: "pretty" }, false).logFormat).toBe("pretty");
  });

  it("loads no demo data into a database of one's own unless asked", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://db.internal:5432/cogov" }).demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: "postgres://db.internal:5432/cogov", COGOV_DEMO_DATA: "true" }).demoData).toBe(true);
  });

  it.each([
    [{ PORT: "-1" }, /PORT is "-1"; set it to a whole number from 0 to 65535\./],
    [{ COGOV_DEBUG: "maybe" }, /COGOV_DEBUG is "maybe"; set it to true or false\./],
    [{ DATABASE_URL: "postgres://host:5432" }, /DATABASE_URL names no database/],
    [{ COGOV_CORS_ORIGINS: "dashboard.example.org" }, /COGOV_CORS_ORIGINS holds "dashboard.example.org"/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL is "loud"; use one of/],
    [{ COGOV_LOG_FORMAT: "yaml" }, /COGOV_LOG_FORMAT is "yaml"; use json or pretty\./],
    [{ COGOV_SHUTDOWN_DRAIN_MS: "5s" }, /COGOV_SHUTDOWN_DRAIN_MS is "5s"; set it to a whole number from 0 to 600000\./],
    [{ COGOV_PUBLIC_URL: "cogov.example.org" }, /COGOV_PUBLIC_URL is "cogov.example.org"; set it to the http:\/\/ or https:\/\/ address/],
    [{ COGOV_PUBLIC_URL: "ftp://cogov.example.org" }, /COGOV_PUBLIC_URL is "ftp:\/\/cogov.example.org"/],
    [{ COGOV_PUBLIC_URL: "https://cogov.example.org/?x=1" }, /no query, fragment or credentials/],
    [{ COGOV_METRICS_PUBLIC: "sure" }, /COGOV_METRICS_PUBLIC is "sure"; set it to true or false\./],
    [{ COGOV_METRICS_TOKEN: "scrape-me", COGOV_METRICS_PUBLIC: "true" }, /COGOV_METRICS_TOKEN and COGOV_METRICS_PUBLIC=true are both set/],
    [{ COGOV_REQUEST_TIME_ZONE: "Asia/Chengdu" }, /COGOV_REQUEST_TIME_ZONE is "Asia\/Chengdu"; set it to an IANA time zone/],
    [{ COGOV_REQUEST_CALENDAR: "HK" }, /COGOV_REQUEST_CALENDAR is "HK"; use CN or WEEKDAYS\./],
    [{ COGOV_REQUEST_RESOLVE_DAYS: "NOISE=3" }, /COGOV_REQUEST_RESOLVE_DAYS: NOISE is not a request category/],
    [{ COGOV_REQUEST_RESOLVE_DAYS: "SAFETY=0" }, /COGOV_REQUEST_RESOLVE_DAYS: SAFETY: the working days must be a whole number from 1 to 99/],
  ])("refuses %j with a sentence that says what to do", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("drains 5 s on SIGTERM with a database of one's own (behind a load balancer), none with the embedded one", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://db.internal:5432/cogov" }).shutdownDrainMs).toBe(5_000);
    expect(loadConfig({}).shutdownDrainMs).toBe(0);
    expect(loadConfig({ COGOV_SHUTDOWN_DRAIN_MS: "1500" }).shutdownDrainMs).toBe(1_500);
  });

  it("writes its own links from COGOV_PUBLIC_URL, without a trailing slash; unset, the server uses http://localhost:<port>", () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ COGOV_PUBLIC_URL: "https://cogov.example.org/" }).publicUrl).toBe("https://cogov.example.org");
    expect(loadConfig({ COGOV_PUBLIC_URL: "https://example.org/cogov/" }).publicUrl).toBe("https://example.org/cogov");
  });

  it("keeps /metrics closed unless a token is set or the operator opens it", () => {
    expect(loadConfig({})).toMatchObject({ metricsToken: undefined, metricsPublic: false });
    expect(loadConfig({ COGOV_METRICS_PUBLIC: "true" }).metricsPublic).toBe(true);
    expect(loadConfig({ COGOV_METRICS_TOKEN: "scrape-me" })).toMatchObject({ metricsToken: "scrape-me", metricsPublic: false });
  });

  it("reads the time limits of residents' requests over their defaults", () => {
    expect(loadConfig({}).requests).toMatchObject({ timeZone: "Asia/Shanghai", calendar: "CN", resolveWorkingDays: { SAFETY: 2, ENVIRONMENT: 5 } });
    const limits = loadConfig({ COGOV_REQUEST_TIME_ZONE: "Asia/Hong_Kong", COGOV_REQUEST_CALENDAR: "WEEKDAYS", COGOV_REQUEST_RESOLVE_DAYS: "SAFETY=1, ENVIRONMENT=3" }).requests;
    expect(limits).toMatchObject({ timeZone: "Asia/Hong_Kong", calendar: "WEEKDAYS", resolveWorkingDays: { SAFETY: 1, ENVIRONMENT: 3, OTHER: 5 } });
  });

  it("reads a list of allowed origins", () => {
    expect(loadConfig({ COGOV_CORS_ORIGINS: "https://a.example.org, https://b.example.org" }).corsOrigins).toEqual(["https://a.example.org", "https://b.example.org"]);
  });
});
