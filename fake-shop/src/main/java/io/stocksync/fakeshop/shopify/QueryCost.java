package io.stocksync.fakeshop.shopify;

import java.util.Map;

import graphql.language.Field;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableReference;

/**
 * The requested cost of a query, by the rules of Shopify's "calculated query cost"
 * (https://shopify.dev/docs/api/usage/limits#cost-calculation): a scalar or enum field
 * costs 0, an object 1, a connection 2 plus {@code first} times the cost of one of its
 * nodes, and a mutation 10. Shopify refunds the difference to the actual cost after the
 * query; this fake charges the requested cost (the stricter side).
 */
final class QueryCost {

	static final int MUTATION = 10;

	private QueryCost() {
	}

	static int of(OperationDefinition operation, Map<String, Object> variables) {
		if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
			return MUTATION;
		}
		return selections(operation.getSelectionSet(), variables);
	}

	private static int selections(SelectionSet set, Map<String, Object> variables) {
		if (set == null) {
			return 0;
		}
		int cost = 0;
		for (Selection<?> selection : set.getSelections()) {
			if (selection instanceof Field field) {
				cost += field(field, variables);
			}
		}
		return cost;
	}

	private static int field(Field field, Map<String, Object> variables) {
		if (field.getSelectionSet() == null) {
			return 0;
		}
		Integer first = first(field, variables);
		if (first != null) {
			return 2 + first * Math.max(1, nodeCost(field.getSelectionSet(), variables));
		}
		return 1 + selections(field.getSelectionSet(), variables);
	}

	/* One node of a connection: under edges { node { ... } } or nodes { ... }. */
	private static int nodeCost(SelectionSet connection, Map<String, Object> variables) {
		int cost = 0;
		for (Selection<?> selection : connection.getSelections()) {
			if (selection instanceof Field field && field.getSelectionSet() != null) {
				if (field.getName().equals("nodes")) {
					cost = Math.max(cost, 1 + selections(field.getSelectionSet(), variables));
				}
				else if (field.getName().equals("edges")) {
					cost = Math.max(cost, selections(field.getSelectionSet(), variables));
				}
			}
		}
		return cost;
	}

	private static Integer first(Field field, Map<String, Object> variables) {
		return field.getArguments()
			.stream()
			.filter((argument) -> argument.getName().equals("first"))
			.findFirst()
			.map((argument) -> value(argument.getValue(), variables))
			.orElse(null);
	}

	private static Integer value(Value<?> value, Map<String, Object> variables) {
		if (value instanceof IntValue intValue) {
			return intValue.getValue().intValue();
		}
		if (value instanceof VariableReference reference && variables.get(reference.getName()) instanceof Number n) {
			return n.intValue();
		}
		return null;
	}

}
