package io.stocksync.console.system;

import java.util.List;

import io.stocksync.console.StubServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The console's security with the services replaced by a local stub (ledger, propagator)
 * and a dead port (ingest): no page without a login, viewers cannot act, no POST without
 * the CSRF token, logins are throttled, the admin token stays server-side, and a service
 * that is down is reported on the page instead of failing it.
 */
@SpringBootTest(properties = { "stocksync.console.admin-token=" + ConsoleSecurityTests.TOKEN,
		"stocksync.console.users=viewer:{bcrypt}$2a$10$Cb7bEEGwuk0kwam.cBI0J.6hS9egtOQdlr9xVbBm6p4G.4c9Wn8em:viewer",
		"stocksync.console.user=operator", "stocksync.console.password=" + ConsoleSecurityTests.PASSWORD,
		"stocksync.console.login.free-failures=3", "stocksync.console.login.first-delay=60s" })
@AutoConfigureMockMvc
class ConsoleSecurityTests {

	static final String TOKEN = "stub-admin-token-4f1c9a";

	static final String PASSWORD = "correct horse battery";

	static final List<String> PAGES = List.of("/", "/stock", "/stock/sku?sku=WCP-MUG", "/shops", "/shops/shop1",
			"/problems", "/operations", "/operations/import?shop=shop1", "/operations/jobs/rebuild",
			"/operations/onboarding");

	static final List<String> ACTIONS = List.of("/stock/sku/adjust?sku=WCP-MUG",
			"/stock/sku/backorders?sku=WCP-MUG&allowed=true", "/stock/sku/push?sku=WCP-MUG&shop=shop1",
			"/shops/shop1/test-connection", "/shops/shop1/pause", "/shops/shop1/resume",
			"/shops/shop1/webhooks/register", "/shops/shop1/poll-orders", "/shops/shop1/reconcile",
			"/shops/shop1/refresh-mappings", "/shops/shop1/mappings/apply?csv=x", "/problems/dlt/replay",
			"/operations/rebuild", "/operations/reconcile", "/operations/refresh-mappings",
			"/operations/import?shop=shop1", "/operations/baseline?shop=shop1");

	// ledger and propagator are both this stub: one answer carries the ledger's groups
	// and the propagator's shops
	static final String LAG = """
			{"groups":[{"group":"ledger-orders","topic":"stocksync.order-events","lag":7},
			           {"group":"ledger-adjustments","topic":"stocksync.stock-adjustments","lag":0}],
			 "shops":[{"shop":"shop1","group":"propagator-shop1","topic":"stocksync.stock-changed","lag":42}]}""";

	static final StubServices stub = StubServices.start()
		.answer("GET /admin/sites", """
				[{"shopId":"shop1","paused":false,"pendingSkus":0,"inFlightSkus":0,
				  "gate":{"circuit":"CLOSED","consecutiveFailures":0}}]""")
		.answer("GET /admin/dlt", "[]")
		.answer("GET /admin/writes", "[]")
		.answer("GET /admin/activity", "{\"changes\":[]}")
		.answer("GET /admin/stock", """
				[{"sku":"WCP-MUG","onHand":18,"available":18,"backorders":false,"version":2}]""")
		.answer("GET /admin/stock/WCP-MUG", """
				{"sku":"WCP-MUG","onHand":18,"available":18,"backorders":false,"version":2}""")
		.answer("GET /admin/stock/WCP-MUG/history", "{\"sku\":\"WCP-MUG\",\"movements\":[]}")
		.answer("GET /admin/oversells", "{\"oversells\":[]}")
		.answer("GET /admin/shop-stock", "[]")
		.answer("GET /admin/lag", LAG)
		.answer("GET /actuator/health", "{\"status\":\"UP\"}");

	@Autowired
	MockMvc mvc;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("stocksync.console.ledger-url", stub::url);
		registry.add("stocksync.console.propagator-url", stub::url);
		registry.add("stocksync.console.ingest-url", () -> "http://127.0.0.1:" + StubServices.deadPort());
	}

	@AfterAll
	static void stopStub() {
		stub.close();
	}

	@BeforeEach
	void clearRequests() {
		stub.clear();
	}

	@Test
	void shouldSendEveryPageAndActionToTheLoginWithoutALogin() throws Exception {
		for (String page : PAGES) {
			MockHttpServletResponse response = this.mvc.perform(get(page)).andReturn().getResponse();
			assertThat(response.getStatus()).as(page).isEqualTo(302);
			assertThat(response.getRedirectedUrl()).as(page).endsWith("/login");
		}
		for (String action : ACTIONS) {
			MockHttpServletResponse response = this.mvc.perform(post(action).with(csrf())).andReturn().getResponse();
			assertThat(response.getStatus()).as(action).isEqualTo(302);
			assertThat(response.getRedirectedUrl()).as(action).endsWith("/login");
		}
		assertThat(stub.requests()).isEmpty();
	}

	@Test
	void shouldShowEveryPageToAViewerWithoutAnyForm() throws Exception {
		for (String page : PAGES) {
			MockHttpServletResponse response = this.mvc.perform(get(page).with(viewer())).andReturn().getResponse();
			assertThat(response.getStatus()).as(page).isIn(200, 404);
			assertThat(response.getContentAsString()).as(page)
				.doesNotContain("id=\"adjust-form\"", "id=\"pause\"", "id=\"run-rebuild\"");
		}
	}

	@Test
	void shouldAnswer403ToAViewerForEveryActionAndCallNoService() throws Exception {
		for (String action : ACTIONS) {
			MockHttpServletResponse response = this.mvc.perform(post(action).with(viewer()).with(csrf()))
				.andReturn()
				.getResponse();
			assertThat(response.getStatus()).as(action).isEqualTo(403);
		}
		MockHttpServletResponse upload = this.mvc
			.perform(multipart("/shops/shop1/mappings/preview").file("file", "sku,product_id,variation_id\n".getBytes())
				.with(viewer())
				.with(csrf()))
			.andReturn()
			.getResponse();
		assertThat(upload.getStatus()).isEqualTo(403);
		assertThat(stub.requests()).noneMatch((request) -> !request.method().equals("GET"));
	}

	@Test
	void shouldRefuseAPostWithoutTheCsrfTokenEvenFromAnOperator() throws Exception {
		MockHttpServletResponse response = this.mvc
			.perform(post("/stock/sku/adjust").param("sku", "WCP-MUG")
				.with(operator())
				.param("type", "add")
				.param("quantity", "5")
				.param("reason", "delivery")
				.param("idempotencyKey", "k-1"))
			.andReturn()
			.getResponse();

		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(stub.requests()).noneMatch((request) -> request.path().endsWith("/adjust"));
	}

	@Test
	void shouldPassTheFormsIdempotencyKeyAndTheTokenServerSideWhenAnOperatorAdjusts() throws Exception {
		MockHttpServletResponse response = this.mvc
			.perform(post("/stock/sku/adjust").param("sku", "WCP-MUG")
				.with(operator())
				.with(csrf())
				.param("type", "add")
				.param("quantity", "5")
				.param("reason", "delivery 4711")
				.param("idempotencyKey", "form-key-1"))
			.andReturn()
			.getResponse();

		assertThat(response.getStatus()).isEqualTo(302);
		assertThat(response.getRedirectedUrl()).isEqualTo("/stock/sku?sku=WCP-MUG");
		StubServices.Recorded adjust = stub.requests()
			.stream()
			.filter((request) -> request.path().equals("/admin/stock/WCP-MUG/adjust"))
			.findFirst()
			.orElseThrow();
		assertThat(adjust.authorization()).isEqualTo("Bearer " + TOKEN);
		assertThat(adjust.body()).contains("\"idempotencyKey\":\"form-key-1\"", "\"type\":\"add\"", "\"quantity\":5");
	}

	@Test
	void shouldNeverShowTheAdminTokenInAPageOrAHeader() throws Exception {
		for (String page : PAGES) {
			MockHttpServletResponse response = this.mvc.perform(get(page).with(operator())).andReturn().getResponse();
			assertThat(response.getContentAsString()).as(page).doesNotContain(TOKEN);
			for (String header : response.getHeaderNames()) {
				assertThat(response.getHeaders(header)).as(page + " " + header).noneMatch((v) -> v.contains(TOKEN));
			}
		}
	}

	@Test
	void shouldShowTheConsumerLagPerShopAndPerLedgerGroupOnTheOverview() throws Exception {
		String overview = this.mvc.perform(get("/").with(viewer())).andReturn().getResponse().getContentAsString();

		assertThat(overview).containsPattern("id=\"lag-shop1\"[^>]*>42</a>")
			.containsPattern("href=\"/shops/shop1\"[^>]*>42</a>")
			.contains("Consumer lag")
			.containsPattern("id=\"pipeline-lag-shop1\">42<")
			.containsPattern("id=\"lag-ledger-orders\">7<")
			.containsPattern("id=\"lag-ledger-adjustments\">0<");
		assertThat(stub.requests()).filteredOn((request) -> request.path().equals("/admin/lag")).hasSize(2);
	}

	@Test
	void shouldShowAnUnknownLagWithTheReasonWhenKafkaDoesNotAnswer() throws Exception {
		stub.answer("GET /admin/lag", 503, """
				{"error":"kafka_unavailable","message":"Kafka did not answer within PT3S for the consumer lag"}""");
		try {
			MockHttpServletResponse response = this.mvc.perform(get("/").with(viewer())).andReturn().getResponse();

			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(response.getContentAsString()).containsPattern("id=\"lag-shop1\"[^>]*>\\?</a>")
				.containsPattern("id=\"pipeline-lag-shop1\">\\?<")
				.contains("propagator answered 503: Kafka did not answer within PT3S for the consumer lag")
				.contains("ledger answered 503")
				.doesNotContain("id=\"lag-ledger-orders\"");
		}
		finally {
			stub.answer("GET /admin/lag", LAG);
		}
	}

	@Test
	void shouldSayAServiceIsDownOnThePageInsteadOfFailing() throws Exception {
		MockHttpServletResponse overview = this.mvc.perform(get("/").with(viewer())).andReturn().getResponse();
		MockHttpServletResponse problems = this.mvc.perform(get("/problems").with(viewer())).andReturn().getResponse();

		assertThat(overview.getStatus()).isEqualTo(200);
		assertThat(overview.getContentAsString()).contains("not reachable").contains("shop1");
		assertThat(problems.getStatus()).isEqualTo(200);
		assertThat(problems.getContentAsString()).contains("ingest is not reachable");
	}

	@Test
	void shouldLogInWithTheRightPasswordAndRefuseAWrongOne() throws Exception {
		MockHttpServletResponse good = login("operator", PASSWORD, "192.0.2.1");
		MockHttpServletResponse bad = login("operator", "wrong", "192.0.2.1");

		assertThat(good.getRedirectedUrl()).isEqualTo("/");
		assertThat(bad.getRedirectedUrl()).isEqualTo("/login?error");
	}

	@Test
	void shouldSlowDownRepeatedWrongPasswordsPerUserAndPerAddress() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(login("viewer", "guess-" + i, "192.0.2.10").getRedirectedUrl()).isEqualTo("/login?error");
		}

		// The user is held back, even with the right password and from another address
		// ...
		assertThat(login("viewer", "viewer-password", "192.0.2.11").getRedirectedUrl()).startsWith("/login?throttled=");
		// ... and so is the address, for another user.
		assertThat(login("operator", PASSWORD, "192.0.2.10").getRedirectedUrl()).startsWith("/login?throttled=");
		// Others are not.
		assertThat(login("operator", PASSWORD, "192.0.2.12").getRedirectedUrl()).isEqualTo("/");
	}

	private MockHttpServletResponse login(String username, String password, String address) throws Exception {
		return this.mvc.perform(
				post("/login").param("username", username).param("password", password).with(csrf()).with(from(address)))
			.andReturn()
			.getResponse();
	}

	private static RequestPostProcessor from(String address) {
		return (request) -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	private static RequestPostProcessor viewer() {
		return user("viewer").roles("VIEWER");
	}

	private static RequestPostProcessor operator() {
		return user("operator").roles("OPERATOR");
	}

}
