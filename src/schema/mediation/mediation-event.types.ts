import { Field, ID, InputType, ObjectType } from "type-graphql";
import { MediationCase, MediationStatus } from "../../entities/mediation/mediation-case";

@ObjectType("MediationCaseEvent", { simpleResolvers: true, description: "A step in a mediation case, at its place in the event stream: ids, the step and the status, nothing of the dispute itself." })
export class MediationCaseEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => ID, { description: "The case's id; read the case itself through `mediationCase` if you may." })
  caseId: string;

  @Field(() => String, { description: "The step taken, named as the mutation that took it (fileMediationCase, acceptMediationCase, recordMediationSession, signAgreement, concludeMediation…)." })
  step: string;

  @Field(() => MediationStatus, { description: "The status this step left the case in, also when replayed." })
  status: MediationStatus;

  @Field(() => MediationCase, { nullable: true, description: "The case as it is now, to those who read it now (auth/mediation-privacy.ts); null otherwise, and always for API keys and webhooks." })
  mediationCase: MediationCase | null;
}

@InputType("MediationCaseSubscriptionFilter", { description: "Narrows the cases followed; without it, every case you read." })
export class MediationCaseSubscriptionFilter {
  @Field(() => ID, { nullable: true, description: "This case only." })
  caseId?: string | null;
}
