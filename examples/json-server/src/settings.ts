import { setting } from "connector-kit";

/** Runtime settings of the json-server connector (all on the connector profile). */
export const settings = {
  /** Base URL of the json-server API, e.g. `http://127.0.0.1:3000/`. */
  baseUrl: setting.url({
    label: "Base URL",
    description: "The json-server API, e.g. http://localhost:3000/",
    required: true,
  }),
  /** Where the API key travels: `header` (default) or `query`. */
  apiKeyIn: setting.string({
    label: "API key location",
    description: "header (default) or query",
    options: ["header", "query"],
  }),
  /** Header or query parameter name of the API key. Default: `X-Api-Key` (header), `api_key` (query). */
  apiKeyName: setting.string({
    label: "API key name",
    description: "Header or query parameter carrying the key; default X-Api-Key, or api_key in the query",
  }),
  /** Comma-separated collections to expose. Default: every array of `GET /db`. */
  collections: setting.string({
    label: "Collections",
    description: "Comma-separated collection names; default: every array in GET /db",
  }),
  /** Records sampled to describe an entity. Default: 100 (1 to 1000). */
  sampleSize: setting.integer({
    label: "Sample size",
    description: "Records read to infer field types; default 100",
  }),
  /** Timeout of one HTTP attempt in ms. Default: 5000. */
  requestTimeoutMs: setting.integer({
    label: "Request timeout (ms)",
    description: "Per HTTP attempt; default 5000",
  }),
  /** Client-side rate limit in requests per second. Default: none. */
  requestsPerSecond: setting.integer({
    label: "Requests per second",
    description: "Client-side rate limit; default none",
  }),
};
