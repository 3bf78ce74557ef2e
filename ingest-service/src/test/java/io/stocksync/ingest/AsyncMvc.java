package io.stocksync.ingest;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.ResultHandler;
import org.springframework.test.web.servlet.ResultMatcher;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;

/**
 * MockMvc for endpoints that answer asynchronously (the webhooks return a
 * {@code CompletableFuture}): performs the request and, when it started async processing,
 * waits for the answer and dispatches it, so that expectations see the response the
 * client gets.
 */
public final class AsyncMvc {

	private AsyncMvc() {
	}

	public static ResultActions perform(MockMvc mvc, RequestBuilder request) throws Exception {
		MvcResult result = mvc.perform(request).andReturn();
		if (result.getRequest().isAsyncStarted()) {
			return mvc.perform(asyncDispatch(result));
		}
		return new ResultActions() {

			@Override
			public ResultActions andExpect(ResultMatcher matcher) throws Exception {
				matcher.match(result);
				return this;
			}

			@Override
			public ResultActions andDo(ResultHandler handler) throws Exception {
				handler.handle(result);
				return this;
			}

			@Override
			public MvcResult andReturn() {
				return result;
			}

		};
	}

}
