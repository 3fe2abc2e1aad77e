import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A service offered at a place (HSDS `service_at_location`); its id is the one the HSDS API hands out. */
@Entity("service_at_location")
export class ServiceAtLocation {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "service_id", type: "uuid" })
  serviceId: string;

  @Column({ name: "location_id", type: "uuid" })
  locationId: string;

  /** Where the place stands in the service's list, as the organisation last gave it. */
  @Column({ type: "smallint" })
  position: number;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
