import type { ConnectorContext } from "../core/context/connector-context.js";
import type { ConnectorHandlers } from "../core/handlers.js";
import type {
  ConnectorConfiguration,
  CustomAuthConfig,
  OAuth2Defaults,
} from "../core/model/configuration.js";
import type { Entity, EntityDefinition } from "../core/model/entity.js";
import type {
  ConnectorMode,
  ConnectorOperator,
  DataTransferType,
  SettingScope,
  TriggerFrequency,
  TriggerType,
  WriteOperationType,
} from "../core/model/enums.js";
import type { DataRecord, RecordPage, WriteOutcome } from "../core/records/data-record.js";
import type { SettingsShape } from "../core/settings/setting.js";
import type { FilterQuery } from "../filter/ast.js";
import type { IdentityCapabilities } from "../identity/identity-capabilities.js";
import { requireDataCapabilities, requireSomeCapability } from "./capabilities.js";
import { compileHandlers } from "./compile-handlers.js";
import { buildConfiguration } from "./configuration.js";

/** The authentication schemes a connector accepts. Omit or leave empty for a connector that needs none. */
export interface AuthSchemes {
  /** User name and password. Default: `false`. */
  basic?: boolean;
  /** An API key (and optional secret key). Default: `false`. */
  apiKey?: boolean;
  /** OAuth 2.0; AppFlow runs the flow and stores the tokens. Default: not supported. */
  oauth2?: OAuth2Defaults;
  /** Connector-defined schemes with their parameters. Default: none. */
  custom?: CustomAuthConfig[];
}

export interface ListEntitiesInput {
  /** The entity whose children are listed; null for the top level. */
  path: string | null;
}

/** A page of entities, for connectors that page the listing themselves. */
export interface EntityPage {
  entities: Entity[];
  nextToken?: string | null;
}

export interface QueryInput {
  entityIdentifier: string;
  /** The entity definition AppFlow sent back (as the connector described it); null if absent. */
  entity: EntityDefinition | null;
  /**
   * Fields to return; null for all. With `clientSideFilter`, also the fields the filter reads (the SDK
   * drops them again before answering).
   */
  fields: string[] | null;
  /** The filter expression as sent; null when there is none. */
  filterExpression: string | null;
  /**
   * The filter, parsed and validated against the entity; null when there is none. Translate it with
   * `connector-kit/filter` (`toSql`, `visitFilter`), or set `clientSideFilter` and let the SDK apply it.
   */
  filter: FilterQuery | null;
  /** Records to fetch per upstream page: the request's `maxResults`. */
  pageSize: number;
  /** The LIMIT of the filter expression, or null. The SDK enforces it; use it to fetch less. */
  limit: number | null;
}

export interface RetrieveInput {
  entityIdentifier: string;
  entity: EntityDefinition | null;
  fields: string[] | null;
  idFieldName: string | null;
  ids: string[];
}

export interface WriteInput {
  entityIdentifier: string;
  entity: EntityDefinition | null;
  operation: WriteOperationType;
  idFieldNames: string[];
  /** The records, parsed. Records that were not JSON objects never reach the connector. */
  records: DataRecord[];
  /** Write all or nothing: on any failure nothing may stay written. */
  allOrNone: boolean;
}

/**
 * A whole connector, declared once. Every function receives a typed context (settings, credentials,
 * deadline, logger). Throw `ConnectorError` for a failure the caller should see.
 */
export interface ConnectorDefinition<S extends SettingsShape = SettingsShape> {
  /** Connector name; must not start with aws, amazon or appflow. */
  name: string;
  /** Owner; same restriction as the name. */
  owner: string;
  version: string;
  /** Default: none. */
  description?: string;
  /** An https URL of the logo. Default: none. */
  logoUrl?: string;
  /** Versions of the upstream API. Default: `["v1"]`. */
  apiVersions?: string[];
  /** Default: no authentication. */
  auth?: AuthSchemes;
  /** Runtime settings by key. Default: none. */
  settings?: S;
  /** Default: SOURCE when `query` or `retrieve` is given, DESTINATION when `write` is. */
  modes?: ConnectorMode[];
  /** Default: all 21 operators. */
  operators?: ConnectorOperator[];
  /** Default: `["SCHEDULED", "ONDEMAND"]`. */
  triggerTypes?: TriggerType[];
  /** Default: all six frequencies. */
  triggerFrequencies?: TriggerFrequency[];
  /** Default: all four when `write` is given, else none. */
  writeOperations?: WriteOperationType[];
  /** Default: `["RECORD"]`. */
  dataTransferTypes?: DataTransferType[];
  /**
   * Apply query filters in the SDK, on the records `query` returns, for upstreams that cannot filter.
   * Default: `false` (the connector applies `input.filter` itself).
   */
  clientSideFilter?: boolean;
  /** How long AppFlow may cache entity metadata, in seconds (minimum 600). Default: 3600. */
  metadataCacheSeconds?: number;

  /** Checks the credentials really work (e.g. one cheap authenticated call). Default: accepted. */
  validateCredentials?(ctx: ConnectorContext<S>): Promise<void>;
  /**
   * Extra checks of the settings of `scope` after the SDK checked their types; returns setting key → problem.
   * Default: none.
   */
  validateSettings?(
    ctx: ConnectorContext<S>,
    scope: SettingScope,
  ): Promise<Record<string, string> | undefined | undefined>;
  /**
   * One level of the entity tree: all of it (the SDK pages it) or one page with a token. A data capability:
   * AppFlow and the flow runner need it; a connector with only identity capabilities leaves it out.
   */
  listEntities?(
    ctx: ConnectorContext<S>,
    input: ListEntitiesInput & { nextToken: string | null; maxResults: number },
  ): Promise<Entity[] | EntityPage>;
  /** The fields of one entity. A data capability, needed with `listEntities`. */
  describeEntity?(ctx: ConnectorContext<S>, entityIdentifier: string): Promise<EntityDefinition>;
  /**
   * Reads records page by page from `upstreamToken` (null = from the start), as an async iterable of pages
   * or a single page. Pages must be repeatable for a token: the SDK may stop inside a page and resume there.
   */
  query?(
    ctx: ConnectorContext<S>,
    input: QueryInput,
    upstreamToken: string | null,
  ): AsyncIterable<RecordPage> | Promise<RecordPage>;
  /** The records whose `idFieldName` is one of `ids`. */
  retrieve?(ctx: ConnectorContext<S>, input: RetrieveInput): Promise<DataRecord[]>;
  /** Writes the records; returns one outcome per record, in order. */
  write?(ctx: ConnectorContext<S>, input: WriteInput): Promise<WriteOutcome[]>;
  /**
   * Identity capabilities (accounts, resources, entitlements, assignments), served by the Lumos host
   * (`connector-kit/lumos`). Default: none (the connector still answers `info` and `app_info` there).
   */
  identity?: IdentityCapabilities<S>;
}

/**
 * A connector ready for any host: its definition, and — made on first use, by the AppFlow host and the tools
 * that speak AppFlow — its AppFlow configuration and handlers. Reading those of a connector AppFlow cannot
 * serve throws a ConnectorDefinitionError.
 */
export interface Connector<S extends SettingsShape = SettingsShape> {
  readonly definition: ConnectorDefinition<S>;
  readonly configuration: ConnectorConfiguration;
  readonly handlers: ConnectorHandlers;
}

class DefinedConnector<S extends SettingsShape> implements Connector<S> {
  #configuration: ConnectorConfiguration | undefined;
  #handlers: ConnectorHandlers | undefined;

  constructor(readonly definition: ConnectorDefinition<S>) {}

  get configuration(): ConnectorConfiguration {
    if (!this.#configuration) {
      requireDataCapabilities(this.definition as unknown as ConnectorDefinition, "AppFlow");
      this.#configuration = buildConfiguration(this.definition);
    }
    return this.#configuration;
  }

  get handlers(): ConnectorHandlers {
    this.#handlers ??= compileHandlers(this.definition, this.configuration);
    return this.#handlers;
  }
}

/**
 * Declares a connector: data capabilities (entities, query, retrieve, write) for AppFlow and the flow
 * runner, identity capabilities for Lumos, or both. Each host checks, when it is created, that the connector
 * has what it needs. Throws a ConnectorDefinitionError for a connector with no capability at all.
 */
export function defineConnector<S extends SettingsShape = Record<never, never>>(
  definition: ConnectorDefinition<S>,
): Connector<S> {
  requireSomeCapability(definition as unknown as ConnectorDefinition);
  return new DefinedConnector(definition);
}
