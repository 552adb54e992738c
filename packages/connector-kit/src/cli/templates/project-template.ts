/** What a template is given to write a project. */
export interface TemplateInput {
  /** The project (npm package) name. */
  name: string;
  /** The connector's name as AppFlow shows it. */
  connectorName: string;
  /** The version range of connector-kit the project depends on. */
  sdkVersion: string;
}

/** A project template of `connector init`: its files by relative path. */
export interface ProjectTemplate {
  name: string;
  description: string;
  files(input: TemplateInput): Record<string, string>;
}
