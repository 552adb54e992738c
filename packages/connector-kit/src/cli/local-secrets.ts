/** The CLI's local secrets: one module with the flow runner's (`flow/local-secrets.ts`). */
export { localSecretResolver } from "../flow/local-secrets.js";
