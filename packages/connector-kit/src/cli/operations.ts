import { didYouMean } from "../core/closest-word.js";
import type { RequestType } from "../core/model/requests.js";
import { OPERATION_NAMES, operationNamed } from "../hosts/appflow/operation-name.js";
import { UsageError } from "./command.js";

/** The request type an operation name means (see {@link operationNamed}); a usage error otherwise. */
export function requestTypeNamed(name: string): RequestType {
  const found = operationNamed(name);
  if (!found) {
    throw new UsageError(
      `Unknown operation "${name}"${didYouMean(name, OPERATION_NAMES)}. Use one of: ${OPERATION_NAMES.join(", ")}`,
    );
  }
  return found;
}
