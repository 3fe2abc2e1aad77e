import { createHmac } from "node:crypto";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/** Public unicast only: loopback, private, link-local, shared, multicast and reserved ranges are not. */
export function isPublicAddress(address: string): boolean {
  return ipaddr.process(address).range() === "unicast";
}

export type WebhookUrlProblem = "notAUrl" | "notHttp" | "credentials" | "unresolvable" | "privateAddress";

/** Why an endpoint URL cannot be used, if it cannot: checked when it is registered, and its address again at every attempt. */
export async function webhookUrlProblem(url: string, allowPrivate: boolean): Promise<WebhookUrlProblem | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "notAUrl";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "notHttp";
  if (parsed.username || parsed.password) return "credentials";
  const host = hostOf(parsed);
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    return "unresolvable";
  }
  if (!allowPrivate && !addresses.every(isPublicAddress)) return "privateAddress";
  return undefined;
}

/** The URL's host as a connection sees it: IPv6 literals without their brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

export class RefusedAddressError extends Error {}

/** dns.lookup that refuses non-public addresses, so a name cannot be pointed at one after it was registered. */
const publicOnlyLookup = ((hostname: string, options: dns.LookupOptions, callback: (error: Error | null, address: string | dns.LookupAddress[], family?: number) => void) => {
  dns.lookup(hostname, { ...options }, (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => {
    if (error) return callback(error, address, family);
    const refused = (Array.isArray(address) ? address.map((entry) => entry.address) : [address]).find((candidate) => !isPublicAddress(candidate));
    if (refused) return callback(new RefusedAddressError(`${hostname} resolves to ${refused}, which is not a public address`), address, family);
    callback(null, address, family);
  });
}) as unknown as LookupFunction;

/** Standard Webhooks v1: HMAC-SHA256 over "<id>.<timestamp>.<body>" with the key inside `whsec_<base64>`. */
export function signatureOf(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

export interface WebhookRequest {
  url: string;
  id: string;
  /** Each signs the request: the current secret, and during a rotation's grace period the previous one. */
  secrets: string[];
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}

/** One signed POST; resolves with the HTTP status, rejects when no answer comes. Redirects are not followed. */
export function postWebhook(request: WebhookRequest): Promise<number> {
  const url = new URL(request.url);
  if (!request.allowPrivate && isIP(hostOf(url)) && !isPublicAddress(hostOf(url))) {
    return Promise.reject(new RefusedAddressError(`${hostOf(url)} is not a public address`));
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(request.body)),
    "user-agent": "Cogov-Webhooks/1",
    "webhook-id": request.id,
    "webhook-timestamp": String(timestamp),
    // Standard Webhooks lists several signatures space-separated; a receiver accepts the request when one matches its secret.
    "webhook-signature": request.secrets.map((secret) => signatureOf(secret, request.id, timestamp, request.body)).join(" "),
  };
  const send = url.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, { method: "POST", headers, signal: AbortSignal.timeout(request.timeoutMs), ...(request.allowPrivate ? {} : { lookup: publicOnlyLookup }) }, (response) => {
      // The answer's body is not used; reading it lets the connection close.
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}
