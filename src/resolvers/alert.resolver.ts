import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Alert } from "../entities/alert";
import { Organization } from "../entities/organization";
import { ResourceNeed } from "../entities/resource-need";
import { AlertConnection, AlertFilterInput, AlertInput, AlertPayload, CancelAlertInput, UpdateAlertInput } from "../schema/alert.types";
import { ConnectionArgs } from "../schema/connection";
import type { Context } from "../schema/context";
import { inputKeyOf, keyOf, toGlobalId } from "../schema/global-id";
import { payloadOf } from "../schema/user-error";
import type { AlertFields } from "../services/alert.service";
import { acting } from "./project.resolver";

@Resolver(() => Alert)
export class AlertResolver {
  @Query(() => Alert, { nullable: true, description: "An alert you may see, by id." })
  async alert(@Arg("id", () => ID, { description: "The global ID of the Alert." }) id: string, @Ctx() { loaders, services, viewer }: Context): Promise<Alert | null> {
    return services.alerts.findVisible(viewer, loaders, keyOf(id, "Alert"));
  }

  @Query(() => AlertConnection, { description: "Alerts you may see, newest first." })
  async alerts(
    @Arg("filter", () => AlertFilterInput, { nullable: true, description: "Which alerts to list; all the viewer may read when omitted." }) filter: AlertFilterInput | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { services, viewer }: Context,
  ) {
    return AlertConnection.of(await services.alerts.list(viewer, filter ?? {}, page));
  }

  @Mutation(() => AlertPayload, { description: "Issues a CAP 1.2 alert (msgType Alert). For a COORDINATOR (or a key with the alerts scope) of a Party committee, Party branch or government agency; refuses other kinds of organisation (NOT_PERMITTED), no categories or areas (REQUIRED), a malformed area or restriction (INVALID, OUT_OF_RANGE), an expiry in the past or not after its onset or effective time (OUT_OF_RANGE) and needs the issuer cannot see (NOT_FOUND)." })
  issueAlert(@Arg("input", () => AlertInput, { description: "What `issueAlert` needs; each field is described on the input type." }) input: AlertInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("alert", () => services.alerts.issue(viewer, acting(input.actingOrganizationId), fields(input)));
  }

  @Mutation(() => AlertPayload, { description: "Replaces a current alert with an Update message that references it. For a COORDINATOR (or a key with the alerts scope) of the organisation that issued it; refuses another issuer's alert (NOT_FOUND), an alert already updated or cancelled (INVALID_TRANSITION) and the same bad fields as issueAlert." })
  updateAlert(@Arg("input", () => UpdateAlertInput, { description: "What `updateAlert` needs; each field is described on the input type." }) input: UpdateAlertInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("alert", () => services.alerts.update(viewer, acting(input.actingOrganizationId), inputKeyOf(input.alertId, "Alert", "alertId"), fields(input)));
  }

  @Mutation(() => AlertPayload, { description: "Cancels a current alert with a Cancel message that references it. For a COORDINATOR (or a key with the alerts scope) of the organisation that issued it; refuses another issuer's alert (NOT_FOUND) and an alert already updated or cancelled (INVALID_TRANSITION)." })
  cancelAlert(@Arg("input", () => CancelAlertInput, { description: "What `cancelAlert` needs; each field is described on the input type." }) input: CancelAlertInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("alert", () => services.alerts.cancel(viewer, acting(input.actingOrganizationId), inputKeyOf(input.alertId, "Alert", "alertId"), input.reason ?? null));
  }

  @FieldResolver(() => ID, { description: "The Alert's opaque global ID, for `node(id:)`." })
  id(@Root() alert: Alert): string {
    return toGlobalId("Alert", alert.id);
  }

  @FieldResolver(() => Organization, { description: "The organisation that issued the alert." })
  issuer(@Root() alert: Alert, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(alert.issuingOrganizationId);
  }

  @FieldResolver(() => [ResourceNeed], { description: "The resource needs this alert announces." })
  needs(@Root() alert: Alert, @Ctx() { loaders, services, viewer }: Context): Promise<ResourceNeed[]> {
    return services.alerts.needsOf(viewer, loaders, alert.id);
  }

  @FieldResolver(() => Alert, { nullable: true, description: "For an Update or Cancel: the message it replaces." })
  references(@Root() alert: Alert, @Ctx() { loaders }: Context): Promise<Alert | null> | null {
    return alert.referencesAlertId ? loaders.alert.load(alert.referencesAlertId) : null;
  }

  @FieldResolver(() => Alert, { nullable: true, description: "The Update or Cancel that replaced this alert; null while it is current." })
  replacedBy(@Root() alert: Alert, @Ctx() { loaders }: Context): Promise<Alert | null> | null {
    return alert.replacedByAlertId ? loaders.alert.load(alert.replacedByAlertId) : null;
  }

  @FieldResolver(() => String, { description: "The alert as a CAP 1.2 XML document." })
  capXml(@Root() alert: Alert, @Ctx() { services }: Context): Promise<string> {
    return services.alerts.capDocument(alert);
  }
}

function fields(input: AlertInput): AlertFields {
  const { actingOrganizationId: _acting, needIds, ...rest } = input;
  return { ...rest, needIds: needIds?.map((id, index) => inputKeyOf(id, "ResourceNeed", `needIds[${index}]`)) };
}
