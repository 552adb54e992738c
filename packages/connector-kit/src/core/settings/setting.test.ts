import { describe, expect, expectTypeOf, it } from "vitest";
import { parseSettings, scopesValidatedWith } from "./parse-settings.js";
import { describeSettings, setting, settingsJsonSchema } from "./setting.js";

const shape = {
  host: setting.string({ label: "Host", required: true }),
  port: setting.integer({ label: "Port" }),
  big: setting.long({ label: "Big" }),
  ssl: setting.boolean({ label: "SSL", scope: "SOURCE" }),
  since: setting.date({ label: "Since", scope: "SOURCE_AND_DESTINATION" }),
  at: setting.dateTime({ label: "At" }),
  url: setting.url({ label: "URL" }),
  mode: setting.string({ label: "Mode", options: ["a", "b"] }),
};

describe("settings", () => {
  it("parse wire strings into typed values", () => {
    const { values, errors } = parseSettings(
      shape,
      {
        host: "db",
        port: "5432",
        big: "9007199254740993",
        ssl: "TRUE",
        since: "2024-02-29",
        at: "2024-01-01T00:00:00Z",
        url: "https://x.io/a",
        mode: "b",
        extra: "kept out",
      },
      ["CONNECTOR_PROFILE"],
    );
    expect(errors).toEqual({});
    expect(values).toEqual({
      host: "db",
      port: 5432,
      big: 9007199254740993n,
      ssl: true,
      since: "2024-02-29",
      at: new Date("2024-01-01T00:00:00Z"),
      url: "https://x.io/a",
      mode: "b",
    });
    expectTypeOf(values.host).toEqualTypeOf<string>();
    expectTypeOf(values.port).toEqualTypeOf<number | undefined>();
    expectTypeOf(values.big).toEqualTypeOf<bigint | undefined>();
  });

  it("name every bad key without echoing its value", () => {
    const { errors } = parseSettings(
      shape,
      {
        port: "99999999999",
        big: "1.5",
        ssl: "yes",
        since: "2024-13-01",
        at: "yesterday",
        url: "ftp://x",
        mode: "c",
      },
      ["CONNECTOR_PROFILE"],
    );
    expect(errors).toEqual({
      host: "Host is required",
      port: "Port must be an integer between -2147483648 and 2147483647",
      big: "Big must be an integer",
      ssl: "SSL must be true or false",
      since: "Since must be a date YYYY-MM-DD",
      at: "At must be an ISO-8601 date-time with a zone",
      url: "URL must be an http or https URL",
      mode: "Mode must be one of a, b",
    });
  });

  it("require only the scopes asked for", () => {
    expect(parseSettings(shape, {}, ["SOURCE"]).errors).toEqual({});
    expect(scopesValidatedWith("SOURCE")).toEqual(["SOURCE", "SOURCE_AND_DESTINATION"]);
    expect(scopesValidatedWith("CONNECTOR_PROFILE")).toEqual(["CONNECTOR_PROFILE"]);
  });

  it("describe themselves for AppFlow and as JSON Schema", () => {
    expect(describeSettings({ ssl: shape.ssl })).toEqual([
      {
        key: "ssl",
        dataType: "Boolean",
        required: false,
        label: "SSL",
        description: "SSL",
        scope: "SOURCE",
        connectorSuppliedValueOptions: null,
      },
    ]);
    const schema = settingsJsonSchema(shape, ["CONNECTOR_PROFILE"]);
    expect(schema["required"]).toEqual(["host"]);
    expect(Object.keys(schema["properties"] as object)).toEqual(["host", "port", "big", "at", "url", "mode"]);
    expect((schema["properties"] as Record<string, object>)["mode"]).toMatchObject({
      type: "string",
      enum: ["a", "b"],
    });
  });
});
