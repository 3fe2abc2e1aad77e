import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A relation a mediator declared to a person or an organisation: a conflict of interest in any case they are party to. */
@Entity("mediator_relation")
export class MediatorRelation {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  /** The committee that recorded it. */
  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Column({ name: "mediator_person_id", type: "uuid" })
  mediatorPersonId: string;

  @Column({ name: "related_person_id", type: "uuid", nullable: true })
  relatedPersonId: string | null;

  @Column({ name: "related_organization_id", type: "uuid", nullable: true })
  relatedOrganizationId: string | null;

  @Column({ type: "varchar", length: 300, nullable: true })
  note: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
