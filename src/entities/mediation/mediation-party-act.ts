import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** What a party can agree to, each recorded once per round. */
export enum PartyActKind {
  /** Agrees to be mediated. */
  CONSENT = "CONSENT",
  /** Refuses mediation: the case is DECLINED. */
  REFUSE = "REFUSE",
  /** Agrees to extend the time limit (round: the case's extension round). */
  EXTEND = "EXTEND",
  /** Signs the terms (round: the case's terms round). */
  SIGN = "SIGN",
}

/** One party's consent, refusal, agreement to extend or signature. */
@Entity("mediation_party_act")
export class MediationPartyAct {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "case_id", type: "uuid" })
  caseId: string;

  @Column({ name: "party_id", type: "uuid" })
  partyId: string;

  @Column({ type: "varchar", length: 8 })
  act: PartyActKind;

  @Column({ type: "integer", default: 0 })
  round: number;

  /** The account that acted for the party: the person, or an ADMIN of the organisation. */
  @Column({ name: "acted_by_user_id", type: "uuid", nullable: true })
  actedByUserId: string | null;

  @Column({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
