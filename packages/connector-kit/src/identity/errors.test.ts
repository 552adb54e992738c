import { describe, expect, it } from "vitest";
import { ConnectorError } from "../core/errors/connector-error.js";
import { ERROR_CODES } from "../core/errors/error-code.js";
import {
  CORE_CODE_FOR_LUMOS_CODE,
  IdentityError,
  isIdentityError,
  LUMOS_ERROR_CODES,
  lumosCodeForHttpStatus,
  lumosCodeOf,
} from "./errors.js";

describe("Lumos error codes", () => {
  it("map HTTP statuses as the contract's table says", () => {
    expect([400, 401, 403, 404, 429, 502, 503, 504, 500, 418, 409].map(lumosCodeForHttpStatus)).toEqual([
      "bad_request",
      "unauthorized",
      "permission_denied",
      "not_found",
      "rate_limit",
      "bad_gateway",
      "bad_gateway",
      "bad_gateway",
      "api_error",
      "api_error",
      "api_error",
    ]);
  });

  it("map every core code to a Lumos code and back to a core code", () => {
    for (const code of ERROR_CODES) {
      const lumos = lumosCodeOf(new ConnectorError(code, "x"));
      expect(LUMOS_ERROR_CODES).toContain(lumos);
      expect(ERROR_CODES).toContain(CORE_CODE_FOR_LUMOS_CODE[lumos]);
    }
    expect(lumosCodeOf(new ConnectorError("InvalidArgument", "x"))).toBe("bad_request");
    expect(lumosCodeOf(new ConnectorError("ResourceNotFoundError", "x"))).toBe("not_found");
  });

  it("IdentityError is a ConnectorError with the core code of its Lumos code", () => {
    const error = new IdentityError("rate_limit", "slow down", { appErrorCode: "x.y", statusCode: 429 });
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.code).toBe("RateLimitExceeded");
    expect(isIdentityError(error)).toBe(true);
    expect(isIdentityError(new ConnectorError("AccessDenied", "no"))).toBe(false);
    expect(lumosCodeOf(error)).toBe("rate_limit");
    expect([error.appErrorCode, error.statusCode]).toEqual(["x.y", 429]);
  });
});

describe("HTTP statuses and failures in Lumos codes", () => {
  it("reads the HTTP toolkit's host-neutral failures", () => {
    const failed = (
      failure: string,
      status: number | null,
      code: "ServerError" | "RequestTimeout" = "ServerError",
    ) => lumosCodeOf(Object.assign(new ConnectorError(code, "x"), { failure, status }));
    expect(failed("connect-timeout", null, "RequestTimeout")).toBe("connection_timeout");
    expect(failed("refused", null)).toBe("connection_rejected");
    expect(failed("reset", null)).toBe("connection_closed");
    expect(failed("deadline", null, "RequestTimeout")).toBe("request_timeout");
    expect(failed("invalid-response", 200)).toBe("invalid_response");
    expect(failed("status", 502)).toBe("bad_gateway");
    expect(failed("something-else", 502)).toBe("internal_error");
  });
});
