import {
  allowedHostCheck,
  isCrossOrigin,
  isJsonContentType,
  tokenChecker,
} from "../hosts/http/request-guard.js";

/** Why the guard refused a request: the status and a message for the caller (never naming the token). */
export interface Refusal {
  status: 401 | 403 | 415;
  message: string;
}

/** The name of the console's cookie on `port`: one per port, so two consoles on one machine do not collide. */
export function cookieName(port: number): string {
  return `connector_console_${port}`;
}

/** The value of cookie `name` in a `Cookie` header; null when absent. */
export function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

/**
 * The console's checks, run on every request before any route (as Jupyter's server does): a `Host` that
 * is not loopback or allowed is refused (DNS rebinding), so is a request a page of another origin sent,
 * one without the token (in the console's cookie, `Authorization: Bearer` or `X-Connector-Token`), and a
 * body that is not JSON (HTML forms and `text/plain` need no CORS preflight).
 */
export class ConsoleGuard {
  readonly #hostAllowed: (host: string | null | undefined) => boolean;
  readonly #tokenValid: (headers: Headers) => boolean;
  readonly #cookie: string;

  /**
   * @param token The session's token (at least 16 characters).
   * @param port The port the console listens on (names the cookie).
   * @param allowedHosts Host names accepted besides the loopback ones. Default: none.
   */
  constructor(token: string, port: number, allowedHosts: readonly string[] = []) {
    this.#hostAllowed = allowedHostCheck(allowedHosts);
    this.#tokenValid = tokenChecker(token);
    this.#cookie = cookieName(port);
  }

  /** The cookie's name. */
  get cookie(): string {
    return this.#cookie;
  }

  /** Whether `candidate` is the session's token (constant time). */
  isToken(candidate: string): boolean {
    return this.#tokenValid(new Headers({ "x-connector-token": candidate }));
  }

  /** The reason to refuse `request` before the token is looked at (Host and Origin); null when it may go on. */
  checkOrigin(request: Request): Refusal | null {
    const headers = request.headers;
    if (!this.#hostAllowed(headers.get("host"))) return { status: 403, message: "This Host is not served" };
    if (isCrossOrigin(headers)) return { status: 403, message: "Requests from other origins are refused" };
    return null;
  }

  /** The reason to refuse `request`; null when it may go on. */
  check(request: Request): Refusal | null {
    const refused = this.checkOrigin(request);
    if (refused) return refused;
    const headers = request.headers;
    const fromCookie = cookieValue(headers.get("cookie"), this.#cookie);
    if (!this.#tokenValid(headers) && !(fromCookie !== null && this.isToken(fromCookie))) {
      return {
        status: 401,
        message: "Open the console with the URL printed at start (it carries the token)",
      };
    }
    const method = request.method;
    if (method !== "GET" && method !== "HEAD" && !isJsonContentType(headers.get("content-type"))) {
      return { status: 415, message: "Send the body as Content-Type: application/json" };
    }
    return null;
  }
}
