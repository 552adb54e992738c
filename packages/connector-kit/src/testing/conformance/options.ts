import { MAX_RESPONSE_BYTES, OPERATION_TIME_LIMIT_MS } from "../../core/limits.js";
import type { LogLevel } from "../../core/log/logger.js";
import type { RequestType } from "../../core/model/requests.js";
import type { SecretResolver } from "../../core/secrets/secret-resolver.js";
import { localSecretResolver } from "../local-secrets.js";

/** Options of `runConformance`. Every one has a default. */
export interface ConformanceOptions {
  /** Resolves `credentials.secretArn`. Default: `localSecretResolver()` (`env:NAME`, `file:PATH`). */
  secrets?: SecretResolver;
  /** Time limit per operation, in ms; a slower answer fails its check. Default: AppFlow's (10 s / 30 s). */
  timeLimitsMs?: Partial<Record<RequestType, number>>;
  /** Largest response, in bytes of encoded JSON. Default: 6,291,556 (`MAX_RESPONSE_BYTES`). */
  maxResponseBytes?: number;
  /** Most pages read in one paginated query or listing, against endless pagination. Default: 1000. */
  maxPages?: number;
  /** `maxResults` of the unfiltered pagination check, small so that pagination really happens. Default: 2. */
  maxResults?: number;
  /** `maxResults` of the filtered queries. Default: 1000. */
  filterMaxResults?: number;
  /** Deepest level of the entity tree listed (top level = 1). Default: 5. */
  maxEntityDepth?: number;
  /** Most entities listed in the whole tree. Default: 1000. */
  maxListedEntities?: number;
  /** Most entities described (the test entity first, then listed leaves). Default: 20. */
  maxDescribedEntities?: number;
  /** Most filter-operator probes (one query each) on the test entity. Default: 100. */
  maxFilterProbes?: number;
  /** Run the filter-operator probes. Default: true. */
  filterProbes?: boolean;
  /** Run the configured writes (they really write). Default: true. */
  writes?: boolean;
  /** Log level of the connector's logger. Default: `"silent"`. */
  logLevel?: LogLevel;
  /** Clock in ms, for the host and the timings. Default: `Date.now`. */
  now?: () => number;
}

/** Default of `maxPages`. */
export const DEFAULT_MAX_PAGES = 1000;
/** Default of `maxResults` for the pagination check. */
export const DEFAULT_CONFORMANCE_MAX_RESULTS = 2;
/** Default of `filterMaxResults`. */
export const DEFAULT_FILTER_MAX_RESULTS = 1000;
/** Default of `maxEntityDepth`. */
export const DEFAULT_MAX_ENTITY_DEPTH = 5;
/** Default of `maxListedEntities`. */
export const DEFAULT_MAX_LISTED_ENTITIES = 1000;
/** Default of `maxDescribedEntities`. */
export const DEFAULT_MAX_DESCRIBED_ENTITIES = 20;
/** Default of `maxFilterProbes`. */
export const DEFAULT_MAX_FILTER_PROBES = 100;

/** Options with every default applied. */
export interface ResolvedConformanceOptions {
  secrets: SecretResolver;
  timeLimitsMs: Record<RequestType, number>;
  maxResponseBytes: number;
  maxPages: number;
  maxResults: number;
  filterMaxResults: number;
  maxEntityDepth: number;
  maxListedEntities: number;
  maxDescribedEntities: number;
  maxFilterProbes: number;
  filterProbes: boolean;
  writes: boolean;
  logLevel: LogLevel;
  now: () => number;
}

export function resolveConformanceOptions(options: ConformanceOptions = {}): ResolvedConformanceOptions {
  return {
    secrets: options.secrets ?? localSecretResolver(),
    timeLimitsMs: { ...OPERATION_TIME_LIMIT_MS, ...options.timeLimitsMs },
    maxResponseBytes: options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
    maxPages: options.maxPages ?? DEFAULT_MAX_PAGES,
    maxResults: options.maxResults ?? DEFAULT_CONFORMANCE_MAX_RESULTS,
    filterMaxResults: options.filterMaxResults ?? DEFAULT_FILTER_MAX_RESULTS,
    maxEntityDepth: options.maxEntityDepth ?? DEFAULT_MAX_ENTITY_DEPTH,
    maxListedEntities: options.maxListedEntities ?? DEFAULT_MAX_LISTED_ENTITIES,
    maxDescribedEntities: options.maxDescribedEntities ?? DEFAULT_MAX_DESCRIBED_ENTITIES,
    maxFilterProbes: options.maxFilterProbes ?? DEFAULT_MAX_FILTER_PROBES,
    filterProbes: options.filterProbes ?? true,
    writes: options.writes ?? true,
    logLevel: options.logLevel ?? "silent",
    now: options.now ?? Date.now,
  };
}
