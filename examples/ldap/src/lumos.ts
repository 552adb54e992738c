/**
 * The identity capabilities in the shape `defineConnector({ identity })` takes: one camelCase function per
 * capability, `(ctx, input) => payload`, opening the directory with the call's settings and credentials.
 *
 * List capabilities answer one page and the next page's token; the SDK's `reply(response, { nextPage })`
 * carries both, so it is passed in (it is not exported by a public entry point of connector-kit yet):
 *
 *   identity: { ...ldapIdentityFunctions(reply), ...LDAP_IDENTITY_TYPES, authModel: "basic" }
 */
import type { ConnectorContext } from "connector-kit";
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

/** The SDK's `reply`: a payload with the next page's token. */
export type ReplyFunction = <R>(response: R, options: { nextPage: string | null }) => unknown;

/** Resource and entitlement types for the identity definition. */
export const LDAP_IDENTITY_TYPES = { resourceTypes: RESOURCE_TYPES, entitlementTypes: ENTITLEMENT_TYPES };

type ListResult<T, M> = M extends "paged" ? Paged<T> : never;

function make<M extends "paged" | "reply">(reply: ReplyFunction | null) {
  // With the SDK's reply, a list answer is its Reply<T[]>; typed `never` here so that it fits the
  // capability's result type (connector-kit's Reply type is not exported yet).
  const paged = <T>(p: Paged<T>) =>
    (reply ? reply(p.response, { nextPage: p.nextPage }) : p) as ListResult<T, M>;
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

/**
 * The fourteen capability functions, ready for `identity`: with the SDK's `reply`, list capabilities answer
 * `reply(page, { nextPage })`; without it they answer `{ response, nextPage }` (for tests and other hosts).
 */
export function ldapIdentityFunctions(): ReturnType<typeof make<"paged">>;
export function ldapIdentityFunctions(reply: ReplyFunction): ReturnType<typeof make<"reply">>;
export function ldapIdentityFunctions(reply?: ReplyFunction) {
  return make(reply ?? null);
}
