package io.stocksync.fakeshop;

import java.util.regex.Matcher;

import tools.jackson.databind.node.ObjectNode;

/**
 * A request matched to a route: the path's id groups and the parameters (query overlaid
 * with the body).
 */
record Call(Request request, Matcher path, ObjectNode params) {

	long id(int group) {
		return Long.parseLong(this.path.group(group));
	}

	String string(String name) {
		return Params.text(this.params, name, null);
	}

}
