/**
 * The PostgreSQL example connector of connector-kit: the connector, its AWS Lambda handler, and the pieces
 * (database access, catalog, demo data) a host or a test may reuse.
 */
import { createLambdaHandler } from "connector-kit/appflow";
import { postgresConnector } from "./connector.js";

export { postgresConnector } from "./connector.js";
/**
 * Closes every database this module opened (PGlite instances, pg pools). The CLI and the flow runner call a
 * connector module's `dispose` after their last call, so the process exits at once and an embedded data
 * directory is closed cleanly before the runner releases its lock.
 */
export {
  closeAllDatabases,
  closeAllDatabases as dispose,
  type Database,
  openDatabase,
  pgliteDatabase,
  poolDatabase,
  type Queryable,
} from "./database.js";
export { analyzeDemo, type SeedOptions, seedDemo } from "./demo-data.js";
export {
  createWarehouseOrders,
  ORDER_COLUMNS,
  type OrdersChecksum,
  ordersChecksum,
} from "./demo-warehouse.js";
export { type ConnectionConfig, connectionConfig, settings } from "./settings.js";

/** The AWS Lambda entry point (`index.handler`): AppFlow events in, AppFlow responses out. */
export const handler = createLambdaHandler(postgresConnector);
