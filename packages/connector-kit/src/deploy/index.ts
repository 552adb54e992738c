/**
 * `connector-kit/deploy`: packaging a connector for AWS Lambda (bundle, zip, CloudFormation template,
 * Dockerfile, container image built without Docker), deploying it with the AWS SDK, and reading its logs.
 */
export { appflowSourceArn, partitionOf } from "./arn.js";
export { type AwsClientOptions, type AwsCredentials, credentialsFromEnv } from "./aws-client-options.js";
export {
  BUNDLE_FILE_NAME,
  type BundleAsset,
  BundleError,
  type BundleOptions,
  bundleConnector,
  type ConnectorBundle,
  DEFAULT_EXTERNALS,
} from "./bundle.js";
export {
  DEFAULT_STATEMENT_ID,
  type DeployCall,
  DeployError,
  type DeployOptions,
  type DeployResult,
  deployConnector,
  planDeploy,
} from "./deploy.js";
export {
  BASE_IMAGE_DIGEST_ARG,
  connectorDockerfile,
  DEFAULT_BASE_IMAGE,
  type DockerfileOptions,
} from "./dockerfile.js";
export { type FormatLogEventOptions, formatLogEvent } from "./format-log-event.js";
export {
  type BuildImageOptions,
  type BuiltImage,
  baseImageReference,
  buildConnectorImage,
  type ImageAsset,
} from "./image/build-image.js";
export { type CopyImageOptions, copyImage } from "./image/copy-image.js";
export { type EcrCredentialsOptions, ecrCredentials, parseEcrRegistry } from "./image/ecr-credentials.js";
export { ImageError, type ImageErrorReason } from "./image/image-error.js";
export {
  formatImageReference,
  type ImageReference,
  parseImageReference,
} from "./image/image-reference.js";
export {
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  MEDIA_TYPES,
} from "./image/media-types.js";
export { OciLayout, REF_NAME_ANNOTATION } from "./image/oci-layout.js";
export { type LambdaArchitecture, type PulledImage, resolveImage } from "./image/pull-image.js";
export { type PushLayoutOptions, type PushResult, pushLayout } from "./image/push-image.js";
export type { RegistryCredentials } from "./image/registry-auth.js";
export {
  type BlobOutcome,
  DEFAULT_CHUNK_BYTES,
  type FetchedManifest,
  RegistryClient,
  type RegistryClientOptions,
} from "./image/registry-client.js";
export {
  DEFAULT_LOG_LIMIT,
  DEFAULT_SINCE,
  type FetchedLogEvents,
  type FetchLogEventsOptions,
  fetchLogEvents,
  type LogEvent,
  type LogsQueryResult,
  type LogsScope,
  type QueryLogsOptions,
  queryLogs,
} from "./logs.js";
export {
  DEFAULT_PACKAGE_DIR,
  PACKAGE_FILES,
  type PackageConnectorOptions,
  type PackagedConnector,
  packageConnector,
} from "./package-connector.js";
export {
  DEFAULT_LAMBDA_RUNTIME,
  isImageDigest,
  isLambdaRuntime,
  LAMBDA_RUNTIME_TABLE,
  LAMBDA_RUNTIMES,
  type LambdaRuntime,
  type LambdaRuntimeFacts,
  lambdaRuntimeFacts,
} from "./runtimes.js";
export { parseTimeSpec } from "./since.js";
export {
  APPFLOW_PRINCIPAL,
  type CloudFormationTemplate,
  type ConnectorTemplateOptions,
  connectorTemplate,
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  isConnectorProfileName,
  LAMBDA_HANDLER,
  TEMPLATE_IDS,
  type TemplateCodeSource,
} from "./template.js";
export {
  type CfnSpecification,
  loadCfnSpecification,
  type TemplateProblem,
  type TemplateValidation,
  tryLoadCfnSpecification,
  type ValidateTemplateOptions,
  validateTemplate,
} from "./validate-template.js";
export { createZip, type ZipEntry } from "./zip.js";
