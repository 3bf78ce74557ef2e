package io.stocksync.console;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.testsupport.ServiceProcess;
import io.stocksync.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in headless Chromium against the real system: ingest, ledger and propagator
 * as processes from their jars on real Kafka and PostgreSQL, three fake WooCommerce
 * shops, and the console in this JVM. Each step is what an operator does in the browser;
 * each page visited is saved as a screenshot under {@code target/screenshots/}.
 * <p>
 * Needs Debian's {@code chromium} and {@code chromium-driver}: without them the test is
 * skipped with a message, and fails when {@code CI=true} ({@code .ci/run} installs them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIntegrationTests {

	private static final String ADMIN_TOKEN = "browser-test-admin-token-7e2d1b";

	private static final String OPERATOR_PASSWORD = "operator-password-31";

	/* bcrypt of "viewer-password" */
	private static final String VIEWER_HASH = "{bcrypt}$2a$10$Cb7bEEGwuk0kwam.cBI0J.6hS9egtOQdlr9xVbBm6p4G.4c9Wn8em";

	private static final String XSS_SKU_1 = "<script>window.__xss=1</script>";

	private static final String XSS_SKU_2 = "\"><img src=x onerror=window.__xss=2>";

	private static final String XSS_BODY = "{\"id\": \"<script>window.__xss=3</script>\\\"><img src=x onerror=window.__xss=4>";

	private static final Duration CONVERGE = Duration.ofSeconds(90);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<FakeShop> shops = new ArrayList<>();

	private static final List<ServiceProcess> services = new ArrayList<>();

	private static final Set<String> visited = new LinkedHashSet<>();

	private static ServiceProcess ingest;

	private static ServiceProcess ledger;

	private static ServiceProcess propagator;

	private static ConfigurableApplicationContext console;

	private static String consoleUrl;

	private static WebDriver browser;

	private static Path screenshots;

	@BeforeAll
	static void startTheSystemAndTheBrowser() throws IOException {
		File chromium = new File(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
		File driver = new File(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
		if (!chromium.canExecute() || !driver.canExecute()) {
			String message = "no browser: " + chromium + " and " + driver
					+ " are needed (apt-get install chromium chromium-driver)";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new IllegalStateException(message + "; CI=true, so this is a failure, not a skip");
			}
			Assumptions.abort("Browser tests skipped: " + message);
		}
		screenshots = Path.of(System.getProperty("stocksync.screenshots", "target/screenshots"));
		Files.createDirectories(screenshots);

		TestInfrastructure infrastructure = TestInfrastructure.get();
		StringBuilder sites = new StringBuilder("sites:\n");
		for (int i = 1; i <= 3; i++) {
			FakeShop shop = FakeShop.start(FakeShopOptions.defaults("shop" + i));
			shop.addSimpleProduct("WCP-MUG", 20);
			shop.addSimpleProduct("WCP-CAP", 15);
			shop.addVariableProduct("WCP-TSHIRT", Map.of("WCP-TSHIRT-S", 10, "WCP-TSHIRT-M", 8));
			if (i == 1) {
				shop.addSimpleProduct(XSS_SKU_1, 3);
				shop.addSimpleProduct(XSS_SKU_2, 4);
			}
			shops.add(shop);
			sites.append(shop.sitesEntry());
		}
		Path sitesFile = Files.createTempFile("sites", ".yml");
		Files.writeString(sitesFile, sites);
		Map<String, String> env = ServiceProcess.stackEnvironment(infrastructure, sitesFile, ADMIN_TOKEN);
		env.put("LIQUIBASE_ANALYTICS_ENABLED", "false");
		// A failing shop reaches its DLT quickly; its circuit lets a probe through soon
		// after it recovers.
		env.put("STOCKSYNC_PUSH_RETRY_ATTEMPTS", "2");
		env.put("STOCKSYNC_PUSH_RETRY_INITIALBACKOFF", "300ms");
		env.put("STOCKSYNC_PUSH_RETRY_MAXBACKOFF", "600ms");
		env.put("STOCKSYNC_PUSH_BREAKER_OPENDURATION", "1s");
		ledger = ServiceProcess.start("ledger", env);
		ingest = ServiceProcess.start("ingest", env);
		propagator = ServiceProcess.start("propagator", env);
		services.addAll(List.of(ledger, ingest, propagator));
		CompletableFuture
			.allOf(services.stream()
				.map((service) -> CompletableFuture.runAsync(() -> service.awaitHealthy(Duration.ofSeconds(420))))
				.toArray(CompletableFuture[]::new))
			.join();
		for (FakeShop shop : shops) {
			for (String topic : List.of("order.created", "order.updated", "order.deleted", "order.restored")) {
				shop.registerWebhook(topic, ingest.url("/webhooks/woocommerce/" + shop.id()));
			}
		}
		await().atMost(CONVERGE).untilAsserted(() -> {
			HttpResponse<String> imported = admin("POST", ledger.url("/admin/stock/import?fromShop=shop1"));
			assertThat(imported.statusCode()).as(imported.body()).isEqualTo(202);
		});
		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(onHand("WCP-MUG")).isEqualTo(20);
			assertThat(onHand(XSS_SKU_2)).isEqualTo(4);
		});

		// Command-line arguments: they win over application.yml's ${CONSOLE_USERS:} and
		// the like.
		console = new SpringApplicationBuilder(ConsoleApplication.class).run("--server.port=0",
				"--stocksync.console.ingest-url=" + ingest.url(""), "--stocksync.console.ledger-url=" + ledger.url(""),
				"--stocksync.console.propagator-url=" + propagator.url(""),
				"--stocksync.console.admin-token=" + ADMIN_TOKEN, "--stocksync.console.user=operator",
				"--stocksync.console.password=" + OPERATOR_PASSWORD,
				"--stocksync.console.users=viewer:" + VIEWER_HASH + ":viewer", "--stocksync.console.read-timeout=20s");
		consoleUrl = "http://127.0.0.1:" + console.getEnvironment().getProperty("local.server.port");

		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
				"--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
	}

	@AfterAll
	static void stopEverything() {
		if (browser != null) {
			browser.quit();
		}
		if (console != null) {
			console.close();
		}
		services.forEach(ServiceProcess::close);
		shops.forEach(FakeShop::close);
	}

	@Test
	@Order(1)
	void shouldRefuseABadLoginAndLetTheOperatorIn() {
		open("/");
		assertThat(browser.getCurrentUrl()).endsWith("/login");
		screenshot("login");

		logIn("operator", "not-the-password");

		assertThat(browser.getCurrentUrl()).endsWith("/login?error");
		assertThat(text("#login-error")).contains("Wrong user name or password");
		screenshot("login-refused");

		logIn("operator", OPERATOR_PASSWORD);

		assertThat(browser.getCurrentUrl()).startsWith(consoleUrl + "/").doesNotContain("login");
		assertThat(text("main")).contains("Overview", "shop1", "shop2", "shop3");
		screenshot("overview");
	}

	@Test
	@Order(2)
	void shouldShowASignedOrderOfShop1OnTheStockPageAndItsHistoryLineOnTheSkuPage() {
		long orderId = shops.get(0).placeOrder("processing", Map.of("WCP-MUG", 2));
		await().atMost(CONVERGE).untilAsserted(() -> {
			for (FakeShop shop : shops) {
				assertThat(shop.stockOf("WCP-MUG")).as(shop.id()).isEqualTo(18);
			}
		});

		await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
			open("/stock?q=WCP-M");
			WebElement row = row("#stock-table", "WCP-MUG");
			assertThat(row.getText()).startsWith("WCP-MUG 18 18").contains("18 / 18");
		});
		screenshot("stock");

		clickToLoad(By.linkText("WCP-MUG"));

		assertThat(text("#on-hand")).isEqualTo("18");
		assertThat(text("#history")).contains("order shop1:" + orderId).contains("-2");
		screenshot("sku");
	}

	@Test
	@Order(3)
	void shouldTakeStockThroughTheFormToEveryShopAndApplyADoubleSubmitOnce() {
		open("/stock/sku?sku=WCP-MUG");
		new Select(browser.findElement(By.id("adjust-type"))).selectByValue("set");
		browser.findElement(By.id("adjust-quantity")).sendKeys("7");
		browser.findElement(By.id("adjust-reason")).sendKeys("stock take, shelf B");
		clickToLoad(By.id("adjust-submit"));

		assertThat(text("#flash-message")).contains("Adjustment accepted");
		await().atMost(CONVERGE).untilAsserted(() -> {
			for (FakeShop shop : shops) {
				assertThat(shop.stockOf("WCP-MUG")).as(shop.id()).isEqualTo(7);
			}
		});

		// The same form sent twice (a double click): one key, applied once.
		open("/stock/sku?sku=WCP-MUG");
		new Select(browser.findElement(By.id("adjust-type"))).selectByValue("add");
		browser.findElement(By.id("adjust-quantity")).sendKeys("3");
		browser.findElement(By.id("adjust-reason")).sendKeys("delivery 4711");
		Object statuses = ((JavascriptExecutor) browser).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const form = document.getElementById('adjust-form');
				const body = new URLSearchParams(new FormData(form));
				Promise.all([fetch(form.action, {method: 'POST', body: body, redirect: 'manual'}),
				             fetch(form.action, {method: 'POST', body: body, redirect: 'manual'})])
				  .then((answers) => done(answers.map((a) => a.type + ':' + a.status).join(',')));
				""");
		assertThat(String.valueOf(statuses)).doesNotContain("403");
		await().atMost(CONVERGE).untilAsserted(() -> {
			for (FakeShop shop : shops) {
				assertThat(shop.stockOf("WCP-MUG")).as(shop.id()).isEqualTo(10);
			}
		});
		open("/stock/sku?sku=WCP-MUG");
		assertThat(text("#on-hand")).isEqualTo("10");
		assertThat(text("#history").split("\n")).filteredOn((line) -> line.contains("+3")).hasSize(1);
		screenshot("sku-after-stock-take");
	}

	@Test
	@Order(4)
	void shouldPauseAndResumeAShop() {
		open("/shops");
		screenshot("shops");
		open("/shops/shop2");
		clickToLoad(By.id("pause"));
		assertThat(text("#shop-state")).isEqualTo("PAUSED");
		screenshot("shop-paused");

		assertThat(admin("POST", ledger.url("/admin/stock/WCP-CAP/adjust"),
				"{\"type\":\"set\",\"quantity\":9,\"reason\":\"test\",\"idempotencyKey\":\"pause-1\"}")
			.statusCode()).isEqualTo(202);
		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(shops.get(0).stockOf("WCP-CAP")).isEqualTo(9);
			assertThat(shops.get(2).stockOf("WCP-CAP")).isEqualTo(9);
		});
		assertThat(shops.get(1).stockOf("WCP-CAP")).isEqualTo(15);

		clickToLoad(By.id("resume"));

		assertThat(text("#shop-state")).isEqualTo("ACTIVE");
		await().atMost(CONVERGE).untilAsserted(() -> assertThat(shops.get(1).stockOf("WCP-CAP")).isEqualTo(9));
		screenshot("shop");
	}

	@Test
	@Order(5)
	void shouldReplayAFailingShopsDltEntryFromTheProblemsPage() {
		FakeShop shop3 = shops.get(2);
		shop3.failAllRequests(400);
		assertThat(admin("POST", ledger.url("/admin/stock/WCP-CAP/adjust"),
				"{\"type\":\"set\",\"quantity\":5,\"reason\":\"test\",\"idempotencyKey\":\"dlt-1\"}")
			.statusCode()).isEqualTo(202);
		await().atMost(CONVERGE).untilAsserted(() -> {
			HttpResponse<String> dlt = admin("GET", propagator.url("/admin/dlt?shop=shop3"));
			assertThat(dlt.body()).contains("WCP-CAP");
		});
		assertThat(shops.get(0).stockOf("WCP-CAP")).isEqualTo(5);
		shop3.clearFaults();

		open("/problems");
		assertThat(text("#dlt-table")).contains("shop3", "WCP-CAP");
		screenshot("problems");

		// Until the shop's circuit lets a probe through, the replay reports it and keeps
		// the entry.
		await().atMost(CONVERGE).untilAsserted(() -> {
			open("/problems?shop=shop3");
			List<WebElement> replay = browser.findElements(By.cssSelector("#dlt-table .replay-one"));
			if (!replay.isEmpty()) {
				replay.get(0).click();
			}
			assertThat(shop3.stockOf("WCP-CAP")).isEqualTo(5);
		});
		open("/problems?shop=shop3");
		assertThat(browser.findElements(By.cssSelector("#dlt-table .replay-one"))).isEmpty();
		screenshot("problems-replayed");
	}

	@Test
	@Order(6)
	void shouldShowTheErrorsOfABadCsvAndChangeNothing() throws IOException {
		String before = admin("GET", propagator.url("/admin/mappings/export?shop=shop1")).body();
		Path csv = Files.createTempFile("mappings", ".csv");
		Files.writeString(csv, "sku,product_id,variation_id\nWCP-MUG,1,0\nWCP-CAP,not-a-number,0\n");

		open("/shops/shop1");
		browser.findElement(By.id("csv-file")).sendKeys(csv.toAbsolutePath().toString());
		clickToLoad(By.id("csv-preview"));

		assertThat(text("#csv-errors")).contains("nothing will be changed").contains("3").contains("whole numbers");
		assertThat(browser.findElements(By.id("csv-apply"))).isEmpty();
		screenshot("mappings-csv-error");
		assertThat(admin("GET", propagator.url("/admin/mappings/export?shop=shop1")).body()).isEqualTo(before);
	}

	@Test
	@Order(7)
	void shouldShowSkusAndQuarantinedBodiesAsTextWithoutRunningThem() throws Exception {
		HttpResponse<String> quarantined = webhook("shop1", XSS_BODY);
		assertThat(quarantined.statusCode()).as(quarantined.body()).isEqualTo(202);

		open("/stock?q=%22");
		assertThat(text("#stock-table")).contains(XSS_SKU_2);
		open("/stock?q=%3C");
		assertThat(text("#stock-table")).contains(XSS_SKU_1);
		assertNoScriptRan();
		clickToLoad(By.linkText(XSS_SKU_1));
		assertThat(text("#sku-title")).isEqualTo(XSS_SKU_1);
		assertNoScriptRan();

		await().atMost(CONVERGE).untilAsserted(() -> {
			open("/problems");
			assertThat(text("#quarantine-table")).contains("<script>window.__xss=3</script>", "onerror=window.__xss=4");
		});
		assertNoScriptRan();
		screenshot("problems-quarantine");
	}

	@Test
	@Order(8)
	void shouldRunTheOperationsJobsAndShowTheirResult() {
		open("/operations");
		screenshot("operations");
		browser.findElement(By.id("run-reconcile")).click();

		await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
			browser.navigate().refresh();
			assertThat(text("#job-state")).isEqualTo("Done.");
		});
		assertThat(text("main")).contains("shop1", "shop2", "shop3");
		screenshot("operations-job");

		open("/operations/import?shop=shop2");
		assertThat(text("#import-counts")).contains("SKUs the shop lists", "SKUs in the pool now");
		screenshot("operations-import-confirm");

		open("/operations");
		browser.findElement(By.id("run-baseline")).click(); // every shop: orders
															// recorded, nothing moves
		await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
			browser.navigate().refresh();
			assertThat(text("#onboarding-job-state")).isEqualTo("completed");
		});
		assertThat(text("#onboarding-shops")).contains("shop1", "shop2", "shop3", "done");
		screenshot("operations-onboarding");

		open("/");
		assertThat(text("#activity")).contains("order shop1:", "adjustment");
		assertThat(text("#card-shop2")).containsPattern("Drift at last check\\s+0 of \\d+ \\(ok\\)");
		assertThat(text("#lag-shop2")).matches("\\d+"); // the propagator's lag, read from
														// Kafka
		assertThat(text("#lag-ledger-orders")).matches("\\d+");
		screenshot("overview-activity");
	}

	@Test
	@Order(9)
	void shouldNotLetAViewerAct() {
		logOut();
		logIn("viewer", "viewer-password");
		open("/stock/sku?sku=WCP-MUG");
		assertThat(browser.findElements(By.id("adjust-form"))).isEmpty();
		open("/shops/shop1");
		assertThat(browser.findElements(By.id("pause"))).isEmpty();

		// A viewer who sends the action anyway (with a valid CSRF token from the logout
		// form) gets 403.
		Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const token = document.querySelector('input[name=_csrf]').value;
				fetch('/shops/shop1/pause', {method: 'POST', body: new URLSearchParams({_csrf: token})})
				  .then((answer) => done(answer.status));
				""");
		assertThat(status).isEqualTo(403L);
		((JavascriptExecutor) browser).executeScript("""
				const form = document.createElement('form');
				form.method = 'post';
				form.action = '/operations/rebuild';
				const token = document.createElement('input');
				token.type = 'hidden';
				token.name = '_csrf';
				token.value = document.querySelector('input[name=_csrf]').value;
				form.appendChild(token);
				document.body.appendChild(form);
				form.submit();
				""");
		await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("denied")).isEmpty());
		screenshot("viewer-denied");
		assertThat(admin("GET", propagator.url("/admin/sites")).body()).doesNotContain("\"paused\":true");
	}

	@Test
	@Order(10)
	void shouldNeverShowTheAdminTokenInAPageAHeaderOrAUrl() throws Exception {
		Cookie session = browser.manage().getCookieNamed("JSESSIONID");
		assertThat(session).isNotNull();
		for (String path : visited) {
			HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(consoleUrl + path))
				.header("Cookie", "JSESSIONID=" + session.getValue())
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(page.statusCode()).as(path).isIn(200, 404);
			assertThat(page.body()).as(path).doesNotContain(ADMIN_TOKEN);
			page.headers()
				.map()
				.forEach((name, values) -> assertThat(values).as(path + " " + name)
					.noneMatch((value) -> value.contains(ADMIN_TOKEN)));
		}
		assertThat(visited).noneMatch((path) -> path.contains(ADMIN_TOKEN));
		assertThat(visited).hasSizeGreaterThan(8);
	}

	// ---- helpers
	// ------------------------------------------------------------------------------------------------

	private static void open(String path) {
		browser.get(consoleUrl + path);
		String current = browser.getCurrentUrl();
		assertThat(current).doesNotContain(ADMIN_TOKEN);
		assertThat(browser.getPageSource()).doesNotContain(ADMIN_TOKEN);
		if (current.startsWith(consoleUrl)) {
			visited.add(current.substring(consoleUrl.length()));
		}
	}

	private static void logIn(String username, String password) {
		if (!browser.getCurrentUrl().contains("/login")) {
			open("/login");
		}
		browser.findElement(By.id("username")).clear();
		browser.findElement(By.id("username")).sendKeys(username);
		browser.findElement(By.id("password")).sendKeys(password);
		clickToLoad(By.id("login-submit"));
	}

	private static void logOut() {
		clickToLoad(By.cssSelector(".who button"));
		assertThat(browser.getCurrentUrl()).endsWith("/login?logout");
	}

	/*
	 * Clicks a link or a form's button and waits until the browser has left the page: the
	 * click returns as soon as the browser took it, and a form post (a file upload in
	 * particular) may still be on its way, so the next look would see the old page.
	 */
	private static void clickToLoad(By what) {
		WebElement page = browser.findElement(By.tagName("html"));
		browser.findElement(what).click();
		new WebDriverWait(browser, Duration.ofSeconds(60)).until((driver) -> hasLeft(page));
	}

	/*
	 * Whether the element's page is gone. Selenium's stalenessOf condition expects a
	 * stale element error; chromedriver sometimes answers for a node of the page just
	 * left with "Node with given id does not belong to the document" instead (a CI run
	 * failed so), which means the same.
	 */
	private static boolean hasLeft(WebElement page) {
		try {
			page.isEnabled();
			return false;
		}
		catch (StaleElementReferenceException ex) {
			return true;
		}
		catch (WebDriverException ex) {
			if (String.valueOf(ex.getMessage()).contains("does not belong to the document")) {
				return true;
			}
			throw ex;
		}
	}

	private static String text(String css) {
		return browser.findElement(By.cssSelector(css)).getText();
	}

	private static WebElement row(String table, String firstCell) {
		return browser.findElements(By.cssSelector(table + " tbody tr"))
			.stream()
			.filter((row) -> row.getText().startsWith(firstCell + " "))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no row " + firstCell + " in " + text(table)));
	}

	private static void assertNoScriptRan() {
		assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined")).isEqualTo(true);
		assertThat(browser.findElements(By.cssSelector("main img"))).isEmpty();
		assertThat(browser.findElements(By.cssSelector("main script"))).isEmpty();
	}

	private static void screenshot(String name) {
		File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		try {
			Files.copy(file.toPath(), screenshots.resolve("console-" + name + ".png"),
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long onHand(String sku) throws Exception {
		HttpResponse<String> response = admin("GET",
				ledger.url("/admin/stock/" + UriUtils.encodePathSegment(sku, StandardCharsets.UTF_8)));
		return (response.statusCode() == 200) ? json(response).path("onHand").asLong() : Long.MIN_VALUE;
	}

	private static HttpResponse<String> webhook(String shopId, String body) throws Exception {
		FakeShop shop = shops.stream().filter((s) -> s.id().equals(shopId)).findFirst().orElseThrow();
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(shop.webhookSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String signature = Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		return HTTP.send(HttpRequest.newBuilder(URI.create(ingest.url("/webhooks/woocommerce/" + shopId)))
			.header("Content-Type", "application/json")
			.header("X-WC-Webhook-Topic", "order.updated")
			.header("X-WC-Webhook-Signature", signature)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> admin(String method, String url) {
		return admin(method, url, null);
	}

	private static HttpResponse<String> admin(String method, String url, String json) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "Bearer " + ADMIN_TOKEN)
				.header("Content-Type", "application/json")
				.method(method,
						(json != null) ? HttpRequest.BodyPublishers.ofString(json)
								: HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
