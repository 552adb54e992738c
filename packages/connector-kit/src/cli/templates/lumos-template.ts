import { projectFiles, sdkSourceNote } from "./project-files.js";
import type { ProjectTemplate } from "./project-template.js";

/**
 * A Lumos identity connector (accounts, groups, memberships, account lifecycle) over an in-memory directory,
 * with tests through the Lumos executable path that pass out of the box.
 */
export const lumosTemplate: ProjectTemplate = {
  name: "lumos",
  description: "A Lumos identity connector with tests, an HTTP dev server and the on-prem package",
  files: (input) => {
    const { name, connectorName } = input;
    return {
      ...projectFiles(input, {
        serve: "connector serve src/connector.ts",
        spec: "connector spec --lumos src/connector.ts",
        compile: "connector compile src/connector.ts",
      }),
      "src/connector.ts": `import { defineConnector, setting } from "connector-kit";
import { IdentityError, PageCursor, reply, type FoundAccountData } from "connector-kit/identity";

// Stands in for the application you connect to: replace it with calls to its API or directory.
const users = [
  { id: "u1", email: "ada@example.com", given: "Ada", family: "Lovelace" },
  { id: "u2", email: "alan@example.com", given: "Alan", family: "Turing" },
  { id: "u3", email: "grace@example.com", given: "Grace", family: "Hopper" },
];
const groups = [
  { id: "admins", label: "Administrators" },
  { id: "staff", label: "Staff" },
];
const memberships = new Set(["u1|admins", "u2|staff", "u3|staff"]);

const toAccount = (u: (typeof users)[number]): FoundAccountData => ({
  integration_specific_id: u.id,
  email: u.email,
  given_name: u.given,
  family_name: u.family,
  user_status: "ACTIVE",
});

export const connector = defineConnector({
  name: ${JSON.stringify(connectorName)},
  owner: "TODO: your company",
  version: "0.1.0",
  description: "TODO: what this connector connects to",
  // Lumos sends the token as {"auth": {"token": {"token": "…"}}}.
  auth: { apiKey: true },
  settings: {
    baseUrl: setting.url({ label: "API base URL", required: true }),
  },
  // Identity capabilities only: nothing AppFlow-specific is needed. Add listEntities, describeEntity and
  // query/write to run the same connector on AppFlow as well.
  identity: {
    appId: ${JSON.stringify(name)},
    descriptionData: { user_friendly_name: ${JSON.stringify(connectorName)}, categories: ["IT_AND_SECURITY"] },
    entitlementTypes: [{ type_id: "group", type_label: "Group", resource_type_id: "", min: 0 }],
    async validateCredentials(ctx) {
      // TODO: make one cheap authenticated call to the API with ctx.credentials.
      if (ctx.credentials?.type !== "ApiKey" || ctx.credentials.apiKey === "") {
        throw new IdentityError("unauthorized", "A token is required");
      }
      return { valid: true, unique_tenant_id: String(ctx.settings.baseUrl) };
    },
    // Pages through the users; the page token is opaque to Lumos (PageCursor encodes the offset).
    async listAccounts(_ctx, input) {
      const cursor = PageCursor.from(input.page, [{ endpoint: "users", offset: 0 }]);
      const offset = Number(cursor.current?.["offset"] ?? 0);
      const page = users.slice(offset, offset + cursor.size);
      const end = offset + page.length;
      return reply(page.map(toAccount), {
        nextPage: cursor.next(end < users.length ? { endpoint: "users", offset: end } : null),
      });
    },
    async listEntitlements() {
      return groups.map((g) => ({
        entitlement_type: "group",
        integration_specific_id: g.id,
        integration_specific_resource_id: "",
        label: g.label,
      }));
    },
    async findEntitlementAssociations() {
      return [...memberships].map((key) => {
        const [account, group] = key.split("|") as [string, string];
        return { account_id: account, integration_specific_entitlement_id: group, integration_specific_resource_id: "" };
      });
    },
    async assignEntitlement(_ctx, input) {
      const r = input.request;
      if (!users.some((u) => u.id === r.account_integration_specific_id)) {
        throw new IdentityError("not_found", \`No account \${r.account_integration_specific_id}\`);
      }
      memberships.add(\`\${r.account_integration_specific_id}|\${r.entitlement_integration_specific_id}\`);
      return { assigned: true };
    },
    async unassignEntitlement(_ctx, input) {
      const r = input.request;
      memberships.delete(\`\${r.account_integration_specific_id}|\${r.entitlement_integration_specific_id}\`);
      return { unassigned: true };
    },
  },
});
`,
      "test/connector.test.ts": `import { createLumosHost, runLumosExecutable } from "connector-kit/lumos";
import { describe, expect, it } from "vitest";
import { connector } from "../src/connector.js";

const auth = { token: { token: "test-token" } };
const settings = { baseUrl: "https://api.example.com" };

/** Runs the connector as Lumos does: \`<exe> <capability> --json '…'\`; returns the printed JSON. */
async function exe(capability: string, envelope: unknown) {
  let stdout = "";
  const status = await runLumosExecutable(connector, [capability, "--json", JSON.stringify(envelope)], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: () => {},
  });
  expect(status).toBe(0);
  return JSON.parse(stdout);
}

describe(${JSON.stringify(connectorName)}, () => {
  it("describes itself with info", async () => {
    const info = createLumosHost(connector, { logLevel: "silent" }).info().document.response;
    expect(info["app_id"]).toBe(${JSON.stringify(name)});
    expect(info["capabilities"]).toContain("list_accounts");
  });

  it("validates its credentials", async () => {
    expect(await exe("validate_credentials", { auth, settings, request: {} })).toEqual({
      response: { valid: true, unique_tenant_id: "https://api.example.com/" },
      raw_data: null,
      page: null,
      execution_summary: null,
    });
    const refused = await exe("validate_credentials", { auth: { token: { token: "" } }, settings, request: {} });
    expect(refused.error.error_code).toBe("unauthorized");
  });

  it("pages through every account", async () => {
    const ids: string[] = [];
    let page: { token: string; size: number } | null = { token: "", size: 2 };
    do {
      const r = await exe("list_accounts", { auth, settings, request: {}, page: { token: page.token || null, size: 2 } });
      ids.push(...r.response.map((a: { integration_specific_id: string }) => a.integration_specific_id));
      page = r.page;
    } while (page);
    expect(ids).toEqual(["u1", "u2", "u3"]);
  });

  it("assigns and lists memberships", async () => {
    const assignment = {
      account_integration_specific_id: "u3",
      resource_integration_specific_id: "",
      resource_type: "",
      entitlement_type: "group",
      entitlement_integration_specific_id: "admins",
    };
    expect((await exe("assign_entitlement", { auth, settings, request: assignment })).response).toEqual({ assigned: true });
    const r = await exe("find_entitlement_associations", { auth, settings, request: {} });
    expect(r.response).toContainEqual({
      account_id: "u3",
      integration_specific_entitlement_id: "admins",
      integration_specific_resource_id: "",
    });
  });
});
`,
      "README.md": `# ${name}

A Lumos connector built with connector-kit.

\`\`\`bash
npm install
npm test                 # the connector's tests, through the Lumos executable path
npm run serve            # POST http://127.0.0.1:8000/<capability> with a Lumos request envelope
npm run spec             # the OpenAPI document of its capabilities
npm run compile          # dist/lumos/${name}-0.1.0.tar.gz: the on-prem package (main + metadata.toml)
# Windows agents: npx connector compile src/connector.ts --platform windows --node <path to node.exe>
\`\`\`

Start in \`src/connector.ts\`: replace the in-memory \`users\`, \`groups\` and \`memberships\` with calls to your
application, add the capabilities it supports (\`createAccount\`, \`deactivateAccount\`, …), and keep
\`test/connector.test.ts\` passing. Extract the package and run \`./main info\` to see what Lumos will see.
${sdkSourceNote(input)}
`,
    };
  },
};
