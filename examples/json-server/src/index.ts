/** The json-server example connector of connector-kit: the connector, its Lambda handler and its pieces. */
import { createLambdaHandler } from "connector-kit/appflow";
import { jsonServerConnector } from "./connector.js";

export { clientFor, DEFAULT_SAMPLE_SIZE, jsonServerConnector } from "./connector.js";
export { escapeRegExp, filterToParams, type Params } from "./filter-params.js";
export { describeFromSample, inferType } from "./schema.js";
export { settings } from "./settings.js";

/** The AWS Lambda entry point (`index.handler`): AppFlow events in, AppFlow responses out. */
export const handler = createLambdaHandler(jsonServerConnector);
