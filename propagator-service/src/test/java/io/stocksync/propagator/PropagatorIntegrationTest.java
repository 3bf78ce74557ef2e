package io.stocksync.propagator;

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
 * A propagator integration test on real Kafka and PostgreSQL: the whole service, a fresh
 * database, topics that no other test class uses, the class's admin token, and a
 * {@link PropagatorTestSupport} bean to send stock changes and call the admin API. The
 * class names its own shops ({@code stocksync.sites-file}) and tunings in a
 * {@code @DynamicPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@ActiveProfiles("local")
@ContextCustomizerFactories(PropagatorTestSupport.CustomizerFactory.class)
@interface PropagatorIntegrationTest {

	/** The admin token ({@code stocksync.admin-token}). */
	String token() default "propagator-test-token";

	@AliasFor(annotation = SpringBootTest.class)
	WebEnvironment webEnvironment() default WebEnvironment.RANDOM_PORT;

}
