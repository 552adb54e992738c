/** Test fixture: a module exporting only a Lambda handler, as a packaged connector bundle does. */
import { jsonlConnector } from "../../connectors/jsonl/connector.js";
import { createLambdaHandler } from "../../hosts/appflow/lambda-handler.js";

export const handler = createLambdaHandler(jsonlConnector, { secrets: null, logLevel: "silent" });
