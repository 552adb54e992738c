/** What a template is given to write a project. */
export interface TemplateInput {
  /** The project (npm package) name. */
  name: string;
  /** The connector's name as AppFlow shows it. */
  connectorName: string;
  /**
   * The project's dependency on connector-kit as package.json writes it: a registry range (`^0.1.0`) or a
   * `file:` path to a vendored tarball (`file:vendor/connector-kit-0.1.0.tgz`).
   */
  sdkVersion: string;
}

/** A project template of `connector init`: its files by relative path. */
export interface ProjectTemplate {
  name: string;
  description: string;
  files(input: TemplateInput): Record<string, string>;
}
