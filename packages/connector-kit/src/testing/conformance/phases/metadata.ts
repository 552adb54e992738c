import type { Entity, EntityDefinition } from "../../../core/model/entity.js";
import { readListEntitiesResponse } from "../../../hosts/appflow/wire/response-decoder.js";
import { discoverEntities, type EntityTree } from "../discover-entities.js";
import {
  fieldNameProblems,
  filterOperatorProblems,
  incrementalFieldProblems,
  primaryKeyFields,
} from "../field-rules.js";
import { fail, joinProblems, skip } from "../report.js";
import type { ConformanceSession } from "../session.js";

/** ListEntities (recursively), then DescribeEntity of the test entity and of listed leaves. */
export async function metadataPhase(s: ConformanceSession): Promise<void> {
  const r = s.recorder;
  const o = s.options;
  let tree: EntityTree | null = null;
  await r.run(
    "metadata.list-entities",
    "metadata",
    "ListEntities lists a well-formed entity tree",
    async () => {
      tree = await discoverEntities(
        async (path, token) => {
          const result = await s.request(
            {
              type: "ListEntitiesRequest",
              connectorContext: s.context(),
              entitiesPath: path,
              nextToken: token,
            },
            readListEntitiesResponse,
          );
          return { entities: result.entities ?? [], nextToken: result.nextToken };
        },
        { maxDepth: o.maxEntityDepth, maxEntities: o.maxListedEntities, maxPages: o.maxPages },
      );
      if (tree.entities.length === 0) fail("ListEntities returned no entity at the top level");
      if (tree.problems.length > 0) fail(joinProblems(tree.problems));
      const note = tree.truncated ? ` (${tree.truncated})` : "";
      return `${tree.entities.length} entities, ${tree.leaves.length} leaves, ${tree.calls} calls${note}`;
    },
  );

  const testId = s.config.testEntityIdentifier;
  await r.run("metadata.test-entity-listed", "metadata", `the test entity "${testId}" is listed`, () => {
    const t = tree as EntityTree | null;
    if (!t) skip("the entity tree could not be listed");
    if (t.entities.some((e) => e.entityIdentifier === testId)) return;
    if (t.truncated) skip(`not found in the part of the tree walked (${t.truncated})`);
    fail(`entity "${testId}" is not in the entity tree, so AppFlow users cannot select it`);
  });

  const leaves: Entity[] = (tree as EntityTree | null)?.leaves ?? [];
  const ids = [testId, ...leaves.map((e) => e.entityIdentifier).filter((id) => id !== testId)];
  for (const id of ids.slice(0, Math.max(1, o.maxDescribedEntities))) await describeChecks(s, id);
  if (ids.length > o.maxDescribedEntities) {
    r.skip(
      "metadata.describe-more",
      "metadata",
      "further entities are described",
      `${ids.length - o.maxDescribedEntities} listed entities not described (maxDescribedEntities ${o.maxDescribedEntities})`,
    );
  }
}

/** The checks of one entity's definition. */
async function describeChecks(s: ConformanceSession, id: string): Promise<void> {
  const r = s.recorder;
  let definition: EntityDefinition | null = null;
  await r.run(
    `describe.${id}.response`,
    "metadata",
    `DescribeEntity answers a well-formed definition of "${id}"`,
    async () => {
      const outcome = await s.describe(id);
      if (!outcome.ok) fail(outcome.message);
      const def = outcome.result.entityDefinition!;
      if (def.entity.entityIdentifier !== id)
        fail(`the definition is of entity "${def.entity.entityIdentifier}", not "${id}"`);
      definition = def;
      return `${def.fields.length} fields`;
    },
  );
  const rules: Array<[string, string, (d: EntityDefinition) => string[]]> = [
    ["field-names", "field names are unique", fieldNameProblems],
    ["filter-operators", "filter operators suit each field's data type", filterOperatorProblems],
    ["incremental-fields", "incremental timestamp fields are Date or DateTime", incrementalFieldProblems],
  ];
  for (const [suffix, title, rule] of rules) {
    await r.run(`describe.${id}.${suffix}`, "metadata", `${id}: ${title}`, () => {
      const d = definition as EntityDefinition | null;
      if (!d) skip(`DescribeEntity of "${id}" failed`);
      const problems = rule(d);
      if (problems.length > 0) fail(joinProblems(problems));
    });
  }
  await r.run(`describe.${id}.primary-key`, "metadata", `${id}: has a primary key`, () => {
    const d = definition as EntityDefinition | null;
    if (!d) skip(`DescribeEntity of "${id}" failed`);
    const keys = primaryKeyFields(d);
    if (keys.length === 0) skip("no field is a primary key: records are told apart by their whole JSON");
    return keys.join(", ");
  });
}
