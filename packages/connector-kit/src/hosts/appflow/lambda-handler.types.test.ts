import type { Context, Handler } from "aws-lambda";
import { describe, expectTypeOf, it } from "vitest";
import { createLambdaHandler } from "./lambda-handler.js";
import { ordersConnector } from "./test-support/orders-connector.js";

describe("createLambdaHandler types", () => {
  it("is assignable to @types/aws-lambda's Handler and accepts its Context", () => {
    const handler = createLambdaHandler(ordersConnector({ orders: [] }), {
      secrets: null,
      logLevel: "silent",
    });
    expectTypeOf(handler).toExtend<Handler>();
    expectTypeOf<Context>().toExtend<Parameters<typeof handler>[1]>();
  });
});
