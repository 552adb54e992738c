/**
 * `connector-kit/flow`: the local flow runner. Runs flows between two connectors on one machine the way
 * AppFlow would (every call through the connectors' AppFlow hosts), with state in an embedded database.
 */

export { formatDuration, parseDuration } from "../core/duration.js";
export {
  ConnectorCallError,
  type FlowConnectorClient,
  InProcessConnectorClient,
  RETRYABLE_CODES,
  WireConnectorClient,
} from "./connector-client.js";
export { ErrorFile, type RecordError } from "./error-file.js";
export {
  type ArithmeticOperator,
  type ConnectorSource,
  FLOW_DEFAULTS,
  type FlowCredentials,
  type FlowDefinition,
  type FlowDestination,
  type FlowEndpoint,
  type FlowErrorPolicy,
  type FlowSource,
  type FlowTask,
  type FlowTrigger,
  type MaskOperator,
  type ValidateOperator,
  type ValidationAction,
} from "./flow-definition.js";
export { FlowFileError, type FlowProblem } from "./flow-file-error.js";
export { FlowRunError, type FlowRunErrorCode } from "./flow-run-error.js";
export { formatRun, runDurationMs, statusText } from "./format-run.js";
export { FLOW_HEAP_GROWING_PERCENT, heapSizedByUser, limitHeapGrowth } from "./heap-growth.js";
export { type IncrementalWindow, incrementalFilter, nextWindow } from "./incremental-window.js";
export {
  LAMBDA_PREFIX,
  type LambdaConnector,
  type LambdaConnectorOptions,
  lambdaConnector,
} from "./lambda-connector.js";
export { type InvokeEvent, type LoadedConnector, loadFlowConnector } from "./load-flow-connector.js";
export { flowSecretResolver, localSecretResolver, SECRET_DIRS_VARIABLE } from "./local-secrets.js";
export { type ParseFlowOptions, parseFlowText, readFlowFile } from "./parse-flow.js";
export {
  createProgressPrinter,
  formatBytes,
  type ProgressListener,
  type ProgressPrinterOptions,
  type ProgressSnapshot,
  progressLine,
} from "./progress.js";
export {
  defaultStateDir,
  definitionHash,
  type RunFlowOptions,
  type RunSummary,
  runFlow,
} from "./run-flow.js";
export {
  type CronDayOfMonth,
  type CronDayOfWeek,
  type CronSchedule,
  nextCronTime,
  parseScheduleExpression,
  rateExpressionOf,
  type ScheduleExpression,
  ScheduleExpressionError,
} from "./schedule-expression.js";
export {
  activeWindow,
  describeSchedule,
  flowScheduleOf,
  intervalOf,
  nextDueTime,
  type ScheduleOptions,
  scheduleFlows,
  scheduleWindowOf,
} from "./schedule-flows.js";
export { acquireLock, type LockOwner } from "./state-lock.js";
export {
  type Checkpoint,
  type FlowRecord,
  FlowStateStore,
  type RunCounts,
  type RunRecord,
  type RunStatus,
  type StateStoreOptions,
  type Watermark,
} from "./state-store.js";
export { compileTasks, type RecordTransform, type TaskOutcome } from "./tasks.js";
