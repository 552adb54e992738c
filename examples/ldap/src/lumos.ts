/**
 * The identity capabilities in the shape `defineConnector({ identity })` takes: one camelCase function per
 * capability, `(ctx, input) => payload`, opening the directory with the call's settings and credentials.
 * List capabilities answer one page with `reply(page, { nextPage })`.
 */
import type { ConnectorContext } from "connector-kit";
import { type Reply, reply } from "connector-kit/identity";
import {
  activateAccount,
  assignEntitlement,
  type CreateAccountRequest,
  createAccount,
  deactivateAccount,
  deleteAccount,
  ENTITLEMENT_TYPES,
  type EntitlementAssignmentRequest,
  findEntitlementAssociations,
  getLastActivity,
  listAccounts,
  listCustomAttributesSchema,
  listEntitlements,
  listResources,
  type Paged,
  type PageRequest,
  RESOURCE_TYPES,
  type UpdateAccountRequest,
  unassignEntitlement,
  updateAccount,
  validateCredentials,
} from "./identity.js";
import { withDirectory } from "./session.js";
import type { settings } from "./settings.js";

type Ctx = ConnectorContext<typeof settings>;

/** What each capability function receives besides the context (the part of connector-kit's input used here). */
export interface IdentityInput<P> {
  readonly request: P;
  readonly page: PageRequest;
}

/** Resource and entitlement types for the identity definition. */
export const LDAP_IDENTITY_TYPES = { resourceTypes: RESOURCE_TYPES, entitlementTypes: ENTITLEMENT_TYPES };

/** One page of a list capability, with the token of the next. */
const paged = <T>(p: Paged<T>): Reply<T[]> => reply(p.response, { nextPage: p.nextPage });

/** The fourteen capability functions, ready for `identity`. */
export function ldapIdentityFunctions() {
  return {
    validateCredentials: (ctx: Ctx, _input: IdentityInput<Record<string, never>>) =>
      withDirectory(ctx, validateCredentials),
    listAccounts: (ctx: Ctx, input: IdentityInput<{ custom_attributes?: string[] | null }>) =>
      withDirectory(ctx, async (d) => paged(await listAccounts(d, input.request, input.page))),
    listResources: (ctx: Ctx, input: IdentityInput<Record<string, never>>) =>
      withDirectory(ctx, async (d) => paged(await listResources(d, input.page))),
    listEntitlements: (ctx: Ctx, input: IdentityInput<{ custom_attributes?: string[] | null }>) =>
      withDirectory(ctx, async (d) => paged(await listEntitlements(d, input.request, input.page))),
    findEntitlementAssociations: (ctx: Ctx, input: IdentityInput<Record<string, never>>) =>
      withDirectory(ctx, async (d) => paged(await findEntitlementAssociations(d, input.page))),
    getLastActivity: (ctx: Ctx, input: IdentityInput<{ account_ids: string[] }>) =>
      withDirectory(ctx, (d) => getLastActivity(d, input.request)),
    listCustomAttributesSchema: async (_ctx: Ctx, _input: IdentityInput<Record<string, never>>) =>
      listCustomAttributesSchema(),
    createAccount: (ctx: Ctx, input: IdentityInput<CreateAccountRequest>) =>
      withDirectory(ctx, (d) => createAccount(d, input.request)),
    updateAccount: (ctx: Ctx, input: IdentityInput<UpdateAccountRequest>) =>
      withDirectory(ctx, (d) => updateAccount(d, input.request)),
    deleteAccount: (ctx: Ctx, input: IdentityInput<{ account_id: string }>) =>
      withDirectory(ctx, (d) => deleteAccount(d, input.request)),
    activateAccount: (ctx: Ctx, input: IdentityInput<{ account_id: string }>) =>
      withDirectory(ctx, (d) => activateAccount(d, input.request)),
    deactivateAccount: (ctx: Ctx, input: IdentityInput<{ account_id: string }>) =>
      withDirectory(ctx, (d) => deactivateAccount(d, input.request)),
    assignEntitlement: (ctx: Ctx, input: IdentityInput<EntitlementAssignmentRequest>) =>
      withDirectory(ctx, (d) => assignEntitlement(d, input.request)),
    unassignEntitlement: (ctx: Ctx, input: IdentityInput<EntitlementAssignmentRequest>) =>
      withDirectory(ctx, (d) => unassignEntitlement(d, input.request)),
  };
}
