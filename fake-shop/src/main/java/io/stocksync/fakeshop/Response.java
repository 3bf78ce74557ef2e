package io.stocksync.fakeshop;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An answer of the fake shop's HTTP side, before the router adds WordPress' headers. */
final class Response {

	final int status;

	final byte[] body;

	final String contentType;

	final List<Map.Entry<String, String>> headers = new ArrayList<>();

	String link;

	String location;

	String allow;

	boolean authError;

	/** Runs after the state's lock is released (the ping of a new webhook). */
	Runnable after;

	Response(int status, byte[] body, String contentType) {
		this.status = status;
		this.body = body;
		this.contentType = contentType;
	}

	static Response json(int status, JsonNode body) {
		return new Response(status, PhpJson.encode(body), "application/json; charset=UTF-8");
	}

	/** 201 with a {@code Location} relative to the shop's home URL. */
	static Response created(ObjectNode body, String location) {
		Response response = json(201, body);
		response.location = location;
		return response;
	}

	static Response text(int status, String body) {
		return new Response(status, body.getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8");
	}

}
