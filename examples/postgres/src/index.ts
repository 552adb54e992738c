/**
 * The PostgreSQL example connector of connector-kit: the connector, its AWS Lambda handler, and the pieces
 * (database access, catalog, demo data) a host or a test may reuse.
 */
import { createLambdaHandler } from "connector-kit/appflow";
import { postgresConnector } from "./connector.js";

export { postgresConnector } from "./connector.js";
export {
  closeAllDatabases,
  type Database,
  openDatabase,
  pgliteDatabase,
  poolDatabase,
  type Queryable,
} from "./database.js";
export { type SeedOptions, seedDemo } from "./demo-data.js";
export { type ConnectionConfig, connectionConfig, settings } from "./settings.js";

/** The AWS Lambda entry point (`index.handler`): AppFlow events in, AppFlow responses out. */
export const handler = createLambdaHandler(postgresConnector);
