import { startFloorServer } from "./sql-floor";

// The SQL floor as a process of its own (DATABASE_URL, PORT), so its CPU time can be read apart.
startFloorServer(process.env.DATABASE_URL!, Number(process.env.PORT)).then(
  (floor) => {
    process.stdout.write(`floor serves at ${floor.url}\n`);
    process.once("SIGTERM", () => void floor.stop().then(() => process.exit(0)));
  },
  (error: unknown) => {
    process.stderr.write(`floor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
