import type { Entity } from "../../core/model/entity.js";

/** One ListEntities page: the entities and the token for the next page (null at the end). */
export interface EntityListPage {
  entities: Entity[];
  nextToken: string | null;
}

/** Lists one page of `path` (null = top level) from `token` (null = first page). May throw to stop. */
export type ListEntitiesPage = (path: string | null, token: string | null) => Promise<EntityListPage>;

/** Bounds of the walk. */
export interface DiscoverLimits {
  /** Deepest level listed; the top level is 1. */
  maxDepth: number;
  /** Most entities collected in the whole tree. */
  maxEntities: number;
  /** Most pages read for one level. */
  maxPages: number;
}

/** The entity tree as far as it was walked. */
export interface EntityTree {
  /** Every entity seen, in walk order (breadth first). */
  entities: Array<Entity & { parent: string | null; depth: number }>;
  /** Entities without nested entities: the ones a flow can use. */
  leaves: Entity[];
  /** Broken invariants: repeated identifiers at one level, repeated or endless tokens. */
  problems: string[];
  /** Why the walk stopped early (depth or count bound), or null when the whole tree was seen. */
  truncated: string | null;
  /** ListEntities calls made. */
  calls: number;
}

function where(path: string | null): string {
  return path === null ? "the top level" : `entity "${path}"`;
}

/**
 * Walks the entity tree breadth first from the top level, following `nextToken`s and descending into entities
 * with `hasNestedEntities`, within `limits`. Checks that no identifier repeats within one level and that no
 * token repeats within one level's pagination.
 */
export async function discoverEntities(list: ListEntitiesPage, limits: DiscoverLimits): Promise<EntityTree> {
  const tree: EntityTree = { entities: [], leaves: [], problems: [], truncated: null, calls: 0 };
  const queue: Array<{ path: string | null; depth: number }> = [{ path: null, depth: 1 }];
  const listed = new Set<string | null>();
  while (queue.length > 0) {
    const { path, depth } = queue.shift()!;
    if (listed.has(path)) continue;
    listed.add(path);
    const seenIds = new Set<string>();
    const seenTokens = new Set<string>();
    let token: string | null = null;
    for (let page = 1; ; page++) {
      if (page > limits.maxPages) {
        tree.problems.push(`listing ${where(path)} did not end within ${limits.maxPages} pages`);
        break;
      }
      tree.calls++;
      const result: EntityListPage = await list(path, token);
      for (const entity of result.entities) {
        if (seenIds.has(entity.entityIdentifier)) {
          tree.problems.push(`${where(path)} lists entity "${entity.entityIdentifier}" twice`);
          continue;
        }
        seenIds.add(entity.entityIdentifier);
        if (tree.entities.length >= limits.maxEntities) {
          tree.truncated ??= `stopped after ${limits.maxEntities} entities`;
          continue;
        }
        tree.entities.push({ ...entity, parent: path, depth });
        if (!entity.hasNestedEntities) tree.leaves.push(entity);
        else if (depth < limits.maxDepth) queue.push({ path: entity.entityIdentifier, depth: depth + 1 });
        else tree.truncated ??= `did not descend below depth ${limits.maxDepth}`;
      }
      const next = result.nextToken;
      if (next === null || next === "") break;
      if (seenTokens.has(next)) {
        tree.problems.push(
          `listing ${where(path)}: page ${page} returns token ${JSON.stringify(next)} again`,
        );
        break;
      }
      seenTokens.add(next);
      token = next;
    }
  }
  return tree;
}
