import "reflect-metadata";
import pino from "pino";
import { createDataSource } from "./src/db/data-source";

/** For the TypeORM command line; the server builds its own from the configuration. */
const url = process.env.DATABASE_URL;
if (!url) throw new Error("Set DATABASE_URL to use the TypeORM command line (npm start runs migrations by itself).");

export default createDataSource(url, pino({ level: "info" }));
