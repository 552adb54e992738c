import type { RequestType } from "./model/requests.js";

/** Largest response AWS Lambda returns from a synchronous invocation: 6 MB, in bytes of encoded JSON. */
export const MAX_RESPONSE_BYTES = 6_291_556;

/** AppFlow's time limits per operation, in milliseconds: 30 s for query and write, 10 s for the rest. */
export const OPERATION_TIME_LIMIT_MS: Readonly<Record<RequestType, number>> = {
  DescribeConnectorConfigurationRequest: 10_000,
  ValidateCredentialsRequest: 10_000,
  ValidateConnectorRuntimeSettingsRequest: 10_000,
  ListEntitiesRequest: 10_000,
  DescribeEntityRequest: 10_000,
  RetrieveDataRequest: 30_000,
  WriteDataRequest: 30_000,
  QueryDataRequest: 30_000,
};

/** Time kept back from every deadline to encode and return the answer. */
export const DEFAULT_SAFETY_MARGIN_MS = 1_500;

/** Page size when the request names none (`maxResults` / `maxResult`). */
export const DEFAULT_PAGE_SIZE = 1000;

/** Metadata cache time AppFlow applies when a connector gives none, in seconds; also its minimum is 600. */
export const DEFAULT_METADATA_TTL_SECONDS = 3600;
