import { describe, expect, it } from "vitest";
import { connectorTemplate } from "./template.js";
import { loadCfnSpecification, validateTemplate } from "./validate-template.js";

const spec = loadCfnSpecification();

function problemsOf(template: unknown, options = {}) {
  return validateTemplate(template, spec, options).problems;
}

describe("validateTemplate", () => {
  it("accepts the connector templates", () => {
    for (const code of ["parameters", "image"] as const) {
      const r = validateTemplate(connectorTemplate({ code }), spec);
      expect(r.problems).toEqual([]);
      expect(r.valid).toBe(true);
    }
    expect(problemsOf(connectorTemplate({ registerConnector: false }))).toEqual([]);
    expect(
      problemsOf(connectorTemplate({ code: { localPath: "function.zip" } }), { packageablePaths: true }),
    ).toEqual([]);
    expect(problemsOf(connectorTemplate({ code: { localPath: "function.zip" } }))).toEqual([
      { path: "Resources.ConnectorFunction.Properties.Code", message: "must be an object (Code)" },
    ]);
    expect(validateTemplate({}, spec).specificationVersion).toMatch(/^\d+\./);
  });

  it("rejects unknown types, missing and unknown properties, and wrong shapes, naming the path", () => {
    const t = connectorTemplate();
    const fn = t.Resources["ConnectorFunction"]!.Properties!;
    fn["Timeout"] = "thirty";
    fn["Tags"] = { Key: "a", Value: "b" };
    fn["Handlr"] = "index.handler";
    fn["Environment"] = { Variables: ["LOG_LEVEL"] };
    delete t.Resources["AppFlowInvokePermission"]!.Properties!["Principal"];
    t.Resources["Bucket"] = { Type: "AWS::S3::Buckit" };
    expect(problemsOf(t)).toEqual(
      expect.arrayContaining([
        { path: "Resources.ConnectorFunction.Properties.Timeout", message: "must be an integer" },
        { path: "Resources.ConnectorFunction.Properties.Tags", message: "must be a list" },
        {
          path: "Resources.ConnectorFunction.Properties.Handlr",
          message: "AWS::Lambda::Function has no property Handlr",
        },
        {
          path: "Resources.ConnectorFunction.Properties.Environment.Variables",
          message: "must be a map (an object)",
        },
        {
          path: "Resources.AppFlowInvokePermission.Properties.Principal",
          message: "required property of AWS::Lambda::Permission is missing",
        },
        {
          path: "Resources.Bucket.Type",
          message: "AWS::S3::Buckit is not a resource type of the CloudFormation specification",
        },
      ]),
    );
    expect(problemsOf(t)).toHaveLength(6);
  });

  it("checks the references of intrinsic functions", () => {
    const t = connectorTemplate();
    const permission = t.Resources["AppFlowInvokePermission"]!.Properties!;
    permission["SourceAccount"] = { Ref: "AccountParameter" };
    permission["SourceArn"] = {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
      "Fn::Sub": "arn:${AWS::Partition}:appflow:${Regio}:${ConnectorFunction.Nope}:*",
    };
    permission["FunctionName"] = { "Fn::GetAtt": ["Missing", "Arn"] };
    t.Resources["ConnectorFunction"]!.Properties!["Description"] = {
      "Fn::Join": ["-", [{ Ref: "Nothing" }, "x"]],
    };
    t.Resources["AppFlowConnector"]!.DependsOn = "Ghost";
    expect(problemsOf(t).map((p) => `${p.path}: ${p.message}`)).toEqual([
      "Resources.ConnectorFunction.Properties.Description.Fn::Join.1.0.Ref: refers to Nothing, which is no parameter, resource or pseudo parameter",
      "Resources.AppFlowInvokePermission.Properties.FunctionName.Fn::GetAtt: gets an attribute of Missing, which is not a resource",
      "Resources.AppFlowInvokePermission.Properties.SourceAccount.Ref: refers to AccountParameter, which is no parameter, resource or pseudo parameter",
      "Resources.AppFlowInvokePermission.Properties.SourceArn.Fn::Sub: refers to Regio, which is no parameter, resource or pseudo parameter",
      "Resources.AppFlowInvokePermission.Properties.SourceArn.Fn::Sub: AWS::Lambda::Function has no attribute Nope",
      "Resources.AppFlowConnector.DependsOn: depends on Ghost, which is not a resource of the template",
    ]);
  });

  it("rejects SAM transforms, unknown sections and a template without resources", () => {
    expect(problemsOf({ Transform: "AWS::Serverless-2016-10-31", Resourcs: {} }).map((p) => p.path)).toEqual([
      "Resourcs",
      "Transform",
      "Resources",
    ]);
    expect(problemsOf([]).map((p) => p.message)).toEqual(["a template is a JSON object"]);
  });
});
