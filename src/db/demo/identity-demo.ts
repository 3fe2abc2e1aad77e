import { MemberRole } from "../../entities/membership";
import { DEMO_ORGANIZATIONS } from "./registry-demo";

/** For local use only: every demo account has this password. */
export const DEMO_PASSWORD = "cogov-demo-2026";

export interface DemoAccount {
  email: string;
  displayName: string;
  organizationId: string;
  role: MemberRole;
}

/** An admin of each demo organisation, and a coordinator of the community Party committee. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  ...DEMO_ORGANIZATIONS.map((organization) => ({
    email: `admin@${organization.slug}.example.org`,
    displayName: `${organization.name}管理員`,
    organizationId: organization.id,
    role: MemberRole.ADMIN,
  })),
  {
    email: "coordinator@qinggang-lin-party-committee.example.org",
    displayName: "青杠林社區應急協調員",
    organizationId: DEMO_ORGANIZATIONS.find((organization) => organization.slug === "qinggang-lin-party-committee")!.id,
    role: MemberRole.COORDINATOR,
  },
];
