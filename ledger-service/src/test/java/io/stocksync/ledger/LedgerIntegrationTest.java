package io.stocksync.ledger;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * A ledger integration test on real Kafka and PostgreSQL: the whole service, a fresh
 * database, topics (and, with {@link #ownGroups}, consumer groups) that no other test
 * class uses, and a {@link LedgerTestSupport} bean to send orders and adjustments, read
 * the stock and call the admin API.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@ActiveProfiles("local")
@ContextCustomizerFactories(LedgerTestSupport.CustomizerFactory.class)
public @interface LedgerIntegrationTest {

	/** The admin token ({@code stocksync.admin-token}). */
	String token() default "ledger-test-token";

	/** The sites file ({@code stocksync.sites-file}). */
	String sitesFile() default "src/test/resources/sites-test.yml";

	/**
	 * Consumer groups of the class's own instead of {@code ledger-orders} and
	 * {@code ledger-adjustments}; {@link LedgerTestSupport#awaitIdle} needs them.
	 */
	boolean ownGroups() default false;

	@AliasFor(annotation = SpringBootTest.class)
	WebEnvironment webEnvironment() default WebEnvironment.RANDOM_PORT;

}
