import { ValueTransformer } from "typeorm";

/** numeric(14, 2) columns: exact in the database, numbers in code (pg returns them as strings). */
export const numeric: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
