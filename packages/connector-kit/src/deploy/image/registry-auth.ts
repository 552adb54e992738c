import { ImageError } from "./image-error.js";

/** User name and password (or token) for a registry; never logged. */
export interface RegistryCredentials {
  /** User name (`AWS` for ECR). */
  username: string;
  /** Password or token. */
  password: string;
}

/** A parsed `WWW-Authenticate` challenge. */
export interface AuthChallenge {
  scheme: "bearer" | "basic";
  params: Record<string, string>;
}

/** Parses `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`; null for anything else. */
export function parseChallenge(header: string | null): AuthChallenge | null {
  if (!header) return null;
  const match = /^\s*(Bearer|Basic)\s*(.*)$/i.exec(header);
  if (!match) return null;
  const params: Record<string, string> = {};
  for (const m of match[2]!.matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "");
  }
  return { scheme: match[1]!.toLowerCase() as "bearer" | "basic", params };
}

/** The `Authorization` value for Basic credentials. */
export function basicAuthorization(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

/** A bearer token and when it stops being used (milliseconds since the epoch). */
export interface BearerToken {
  token: string;
  expiresAt: number;
}

/**
 * Asks a Bearer challenge's token service for a token covering `scopes` (the distribution token protocol:
 * `GET realm?service=…&scope=…`, with Basic credentials when given, anonymous otherwise). The realm must be an
 * http(s) URL. Throws `ImageError("AuthRefused")` when the service refuses, naming the registry, never the
 * credentials.
 */
export async function fetchBearerToken(
  challenge: AuthChallenge,
  scopes: readonly string[],
  credentials: RegistryCredentials | undefined,
  registry: string,
  fetchImpl: typeof fetch = fetch,
): Promise<BearerToken> {
  const realm = challenge.params["realm"];
  let url: URL;
  try {
    url = new URL(realm ?? "");
  } catch {
    throw new ImageError("AuthRefused", `${registry} sent a token challenge without a usable realm URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ImageError(
      "AuthRefused",
      `${registry} sent a token realm that is not http(s): ${url.protocol}`,
    );
  }
  if (challenge.params["service"]) url.searchParams.set("service", challenge.params["service"]);
  for (const scope of scopes) url.searchParams.append("scope", scope);
  const started = Date.now();
  const response = await fetchImpl(url, {
    headers: credentials ? { authorization: basicAuthorization(credentials) } : {},
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new ImageError(
      "AuthRefused",
      `The token service of ${registry} refused ${credentials ? `the credentials of ${credentials.username}` : "anonymous access"} for ${scopes.join(" ")} (HTTP ${response.status})`,
    );
  }
  const body = (await response.json()) as { token?: unknown; access_token?: unknown; expires_in?: unknown };
  const token = typeof body.token === "string" ? body.token : body.access_token;
  if (typeof token !== "string" || token === "") {
    throw new ImageError("AuthRefused", `The token service of ${registry} answered without a token`);
  }
  // The protocol's default lifetime is 60 s; renew 10 s early.
  const lifetime = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 60;
  return { token, expiresAt: started + Math.max(lifetime - 10, 1) * 1000 };
}
