import { appflowTemplate } from "./appflow-template.js";
import { lumosTemplate } from "./lumos-template.js";
import type { ProjectTemplate } from "./project-template.js";
import { restTemplate } from "./rest-template.js";
import { sqlTemplate } from "./sql-template.js";

/** The templates of `connector init`, the default first. */
export const TEMPLATES: readonly ProjectTemplate[] = [
  appflowTemplate,
  lumosTemplate,
  restTemplate,
  sqlTemplate,
];
