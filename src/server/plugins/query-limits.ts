import { ApolloServerPlugin } from '@apollo/server';
import {
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLInterfaceType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
  valueFromASTUntyped,
} from 'graphql';

/**
 * Depth and cost of an operation, measured before it runs. Cost estimates how many objects the
 * answer holds: a list multiplies what is below it by its page size (`first`/`limit` of the field
 * or of the connection above it) or, without one, by a typical length. Scalars are free.
 * It needs the variables (`first: $first`), so it runs once the operation is resolved rather
 * than as a static validation rule.
 */
const ROOT_LIST = 1000;
const NESTED_LIST = 10;
const DEFAULT_PAGE = 100;
const PAGE_ARGS = new Set(['first', 'limit']);

type WithFields = GraphQLObjectType | GraphQLInterfaceType;
const withFields = (type: GraphQLNamedType | null | undefined): WithFields | undefined =>
  isObjectType(type) || isInterfaceType(type) ? type : undefined;

export interface OperationSize {
  depth: number;
  cost: number;
}

export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
): OperationSize {
  const root = schema.getRootType(operation.operation);
  if (!root) return { depth: 0, cost: 0 };
  let depth = 0;

  const pageOf = (args: readonly { name: { value: string }; value: ValueNode }[] | undefined): number | undefined => {
    const arg = args?.find((a) => PAGE_ARGS.has(a.name.value));
    if (!arg) return undefined;
    const value = valueFromASTUntyped(arg.value, variables);
    return typeof value === 'number' ? value : DEFAULT_PAGE;
  };

  const walk = (
    set: SelectionSetNode,
    parent: WithFields | undefined,
    level: number,
    multiplier: number,
    page: number | undefined,
  ): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === 'FragmentSpread' || selection.kind === 'InlineFragment') {
        const fragment = selection.kind === 'FragmentSpread' ? fragments[selection.name.value] : selection;
        if (!fragment) continue;
        const typeName = fragment.typeCondition?.name.value;
        const type = typeName ? schema.getType(typeName) : parent;
        cost += walk(fragment.selectionSet, withFields(type) ?? parent, level, multiplier, page);
        continue;
      }
      const name = selection.name.value;
      // Introspection is governed by its own switch; its nested ofType chains are not an attack.
      if (name.startsWith('__')) continue;
      depth = Math.max(depth, level);
      const field = parent?.getFields()[name];
      if (!field || !selection.selectionSet) continue;
      const type = getNullableType(field.type);
      const ownPage = pageOf(selection.arguments);
      const size = isListType(type) ? (ownPage ?? page ?? (level === 1 ? ROOT_LIST : NESTED_LIST)) : 1;
      const named = getNamedType(type);
      const below = isListType(type) ? undefined : (ownPage ?? page);
      cost += multiplier * size;
      if (isCompositeType(named)) {
        cost += walk(selection.selectionSet, withFields(named), level + 1, multiplier * size, below);
      }
    }
    return cost;
  };

  const cost = walk(operation.selectionSet, root, 1, 1, undefined);
  return { depth, cost };
}

/** Rejects operations deeper or costlier than the configured limits, with a 400 and the figures. */
export function queryLimitsPlugin(limits: { maxDepth: number; maxCost: number }): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request }) {
          if (!operation) return;
          const fragments = Object.fromEntries(
            document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]),
          );
          const { depth, cost } = measureOperation(schema, operation, fragments, request.variables ?? {});
          const problems = [
            depth > limits.maxDepth ? `depth ${depth} exceeds ${limits.maxDepth}` : undefined,
            cost > limits.maxCost
              ? `estimated cost ${cost} exceeds ${limits.maxCost} (ask for smaller pages or fewer nested lists)`
              : undefined,
          ].filter(Boolean);
          if (problems.length) {
            throw new GraphQLError(`Query too complex: ${problems.join('; ')}`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', depth, cost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
