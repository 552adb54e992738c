import { describe, expect, it } from "vitest";
import type { EntityDefinition } from "../../core/model/entity.js";
import { FIELD_DATA_TYPES } from "../../core/model/enums.js";
import { DEFAULT_FILTER_OPERATORS } from "../../core/model/filter-operators.js";
import {
  authenticationProblems,
  modeProblems,
  requiredListProblems,
  reservedNameProblems,
  urlProblem,
  urlProblems,
  writeOperationProblems,
} from "./configuration-rules.js";
import {
  ALLOWED_FILTER_OPERATORS,
  fieldNameProblems,
  filterOperatorProblems,
  incrementalFieldProblems,
} from "./field-rules.js";

describe("configuration rules (§6.4)", () => {
  it("reserved prefixes are refused at the start only, in any letter case", () => {
    for (const name of ["AWSConnector", "appflowish", "amazon", "Aws"])
      expect(reservedNameProblems({ connectorName: name, connectorOwner: "me" })).toHaveLength(1);
    for (const name of ["MyAWS", "Amazing", "App"])
      expect(reservedNameProblems({ connectorName: name, connectorOwner: "me" })).toEqual([]);
    expect(reservedNameProblems({ connectorName: "x", connectorOwner: "AmazonTeam" })[0]).toContain(
      "connectorOwner",
    );
  });

  it("modes, write operations and required lists", () => {
    expect(modeProblems({ connectorModes: [] })).toEqual(["connectorModes is empty or missing"]);
    expect(
      writeOperationProblems({ connectorModes: ["DESTINATION"], supportedWriteOperations: [] }),
    ).toHaveLength(1);
    expect(writeOperationProblems({ connectorModes: ["DESTINATION"] })).toHaveLength(1);
    expect(writeOperationProblems({ connectorModes: ["SOURCE"] })).toEqual([]);
    expect(requiredListProblems({ supportedApiVersions: ["v1"], operatorsSupported: [] })).toEqual([
      "operatorsSupported is empty or missing",
      "supportedTriggerTypes is empty or missing",
    ]);
  });

  it("authentication consistency", () => {
    expect(authenticationProblems({ authenticationConfig: null })).toEqual([]);
    expect(
      authenticationProblems({ authenticationConfig: { isCustomAuthSupported: true, customAuthConfig: [] } }),
    ).toEqual(["isCustomAuthSupported is true but customAuthConfig is empty"]);
    expect(
      authenticationProblems({
        authenticationConfig: {
          isOAuth2Supported: false,
          oAuth2Defaults: { tokenURL: [] },
          customAuthConfig: [{}],
        },
      }),
    ).toEqual([
      "customAuthConfig is given but isCustomAuthSupported is not true",
      "oAuth2Defaults is given but isOAuth2Supported is not true",
    ]);
    expect(authenticationProblems({ authenticationConfig: { isOAuth2Supported: true } })).toEqual([
      "isOAuth2Supported is true but oAuth2Defaults is missing",
    ]);
  });

  it("URLs must be https; placeholders are accepted", () => {
    expect(urlProblem("logoURL", "")).toBeNull();
    expect(urlProblem("logoURL", "https://x.test/logo.png")).toBeNull();
    expect(urlProblem("t", "https://{{SUBDOMAIN}}.example.com/oauth/token")).toBeNull();
    expect(urlProblem("t", "HTTPS://x.test")).toBeNull();
    expect(urlProblem("logoURL", "http://x.test")).toBe('logoURL "http://x.test" is not an https URL');
    expect(urlProblem("logoURL", "not a url")).toBe('logoURL "not a url" is not a valid URL');
    expect(
      urlProblems({
        logoURL: "https://ok.test",
        authenticationConfig: {
          oAuth2Defaults: { tokenURL: ["https://a.test", "ftp://b.test"], authURL: [] },
        },
      }),
    ).toEqual(['oAuth2Defaults.tokenURL[1] "ftp://b.test" is not an https URL']);
  });
});

describe("field rules", () => {
  const def = (fields: EntityDefinition["fields"]): EntityDefinition => ({
    entity: { entityIdentifier: "e", hasNestedEntities: false },
    fields,
  });

  it("the allowed operators of every type include its defaults", () => {
    for (const type of FIELD_DATA_TYPES)
      for (const op of DEFAULT_FILTER_OPERATORS[type]) expect(ALLOWED_FILTER_OPERATORS[type]).toContain(op);
  });

  it("refuses nonsense operators and non-filter operators", () => {
    const problems = filterOperatorProblems(
      def([
        { fieldName: "flag", dataType: "Boolean", filterOperators: ["CONTAINS"] },
        { fieldName: "blob", dataType: "Struct", filterOperators: ["BETWEEN"] },
        { fieldName: "n", dataType: "Integer", filterOperators: ["BETWEEN", "PROJECTION"] },
        { fieldName: "s", dataType: "String", filterOperators: ["GREATER_THAN", "CONTAINS"] },
      ]),
    );
    expect(problems).toEqual([
      'field "flag" (Boolean) declares filter operator CONTAINS, which makes no sense for Boolean (allowed: EQUAL_TO, NOT_EQUAL_TO)',
      'field "blob" (Struct) declares filter operator BETWEEN, which makes no sense for Struct (allowed: none)',
      expect.stringContaining('field "n" (Integer) declares filter operator PROJECTION'),
    ]);
  });

  it("duplicate and empty names; incremental types", () => {
    expect(
      fieldNameProblems(
        def([
          { fieldName: "a", dataType: "String" },
          { fieldName: "a", dataType: "Long" },
          { fieldName: " ", dataType: "Long" },
        ]),
      ),
    ).toEqual(['field "a" is defined twice (fields[0] and fields[1])', "fields[2] has an empty fieldName"]);
    const incremental = { isTimestampFieldForIncrementalQueries: true };
    expect(
      incrementalFieldProblems(
        def([
          { fieldName: "d", dataType: "Date", readProperties: incremental },
          { fieldName: "t", dataType: "DateTime", readProperties: incremental },
          { fieldName: "n", dataType: "Long", readProperties: incremental },
        ]),
      ),
    ).toHaveLength(1);
  });
});
