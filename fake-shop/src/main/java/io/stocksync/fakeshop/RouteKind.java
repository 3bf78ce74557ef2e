package io.stocksync.fakeshop;

/** What an endpoint does; decides the anonymous 401 and the artificial cost. */
enum RouteKind {

	LIST("woocommerce_rest_cannot_view", "Sorry, you cannot list resources."),
	VIEW("woocommerce_rest_cannot_view", "Sorry, you cannot view this resource."),
	CREATE("woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources."),
	EDIT("woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource."),
	DELETE("woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource."),
	BATCH("woocommerce_rest_cannot_batch", "Sorry, you are not allowed to batch manipulate this resource.");

	private final String code;

	private final String message;

	RouteKind(String code, String message) {
		this.code = code;
		this.message = message;
	}

	WcError forbidden() {
		return new WcError(401, this.code, this.message);
	}

}
