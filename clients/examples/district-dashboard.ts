import WebSocket from "ws";
import { createLiveClient } from "../live-events";
import { graphql } from "./generated";
import type { DistrictDashboardQueryVariables } from "./generated/graphql";

/*
 * An integrator's district dashboard, typed from schema.graphql by GraphQL Code Generator
 * (graphql.config.yml; `npm run codegen` writes ./generated). If the schema stops offering what these
 * operations ask for, codegen refuses them, and tests/typed-client.test.ts fails.
 */

const DistrictDashboard = graphql(`
  query DistrictDashboard($areaCode: String!, $from: DateTime!, $to: DateTime!) {
    dashboard(areaCode: $areaCode, from: $from, to: $to) {
      area { name }
      needs { openCritical fillRate deliveryRate byStatus { status count } }
      timeSeries(interval: DAY, timeZone: "Asia/Shanghai") { start needsPosted pledgesMade deliveries }
    }
  }
`);

const OrganizationIndicators = graphql(`
  query OrganizationIndicators($organizationId: ID!, $from: DateTime!, $to: DateTime!) {
    organizationIndicators(organizationId: $organizationId, from: $from, to: $to) {
      organization { name }
      needsPosted needsFilled pledgesMade pledgesDelivered onTimeDeliveryRate
    }
  }
`);

const CriticalNeeds = graphql(`
  subscription CriticalNeeds($after: String, $areaCode: String!) {
    needAnnounced(filter: { areaCode: $areaCode, urgencyAtLeast: CRITICAL }, after: $after) {
      cursor
      need { title quantity unit neededBy }
      change { status remainingQuantity occurredAt }
    }
  }
`);

/** POSTs a typed operation; the answer has the operation's own type. */
export async function request<Data, Variables>(
  url: string,
  document: { __apiType?: (variables: Variables) => Data; toString(): string },
  variables: Variables,
  authorization?: string,
): Promise<Data> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: { message: string }[] };
  if (!body.data) throw new Error(body.errors?.map((error) => error.message).join("; ") ?? `HTTP ${response.status}`);
  return body.data;
}

/** The last 30 days of a district, day by day, then its critical needs as they are posted. */
export async function followDistrict(url: string, areaCode: string): Promise<() => Promise<void>> {
  const to = new Date();
  const period: DistrictDashboardQueryVariables = { areaCode, from: new Date(to.getTime() - 30 * 86_400_000).toISOString(), to: to.toISOString() };
  const { dashboard } = await request(url, DistrictDashboard, period);
  const busyDays = dashboard.timeSeries.filter((day) => day.needsPosted + day.pledgesMade + day.deliveries > 0).length;
  console.log(`${dashboard.area.name}: ${busyDays} busy days, fill rate ${dashboard.needs.fillRate ?? "—"}`);

  const client = createLiveClient({ url, webSocketImpl: WebSocket, locale: "zh-Hant" });
  client.follow({
    query: CriticalNeeds,
    variables: { areaCode },
    field: "needAnnounced",
    // Typed: event.need is the selected ResourceNeed fields, or null.
    next: (event) => console.log(event.need?.title, event.need?.quantity, event.change?.remainingQuantity),
  });
  return () => client.dispose();
}

/** One organisation's indicators over the same 30 days. */
export async function indicatorsOf(url: string, organizationId: string) {
  const to = new Date();
  const { organizationIndicators } = await request(url, OrganizationIndicators, {
    organizationId, from: new Date(to.getTime() - 30 * 86_400_000).toISOString(), to: to.toISOString(),
  });
  return organizationIndicators;
}
