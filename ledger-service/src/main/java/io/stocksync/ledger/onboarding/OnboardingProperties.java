package io.stocksync.ledger.onboarding;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the onboarding baseline ({@code stocksync.onboarding.*}).
 *
 * @param maxAge orders not modified for this long are read only while they are open
 * ({@code processing}, {@code on-hold}, {@code pending}); older completed, cancelled,
 * refunded or failed orders are skipped, because their lines no longer change stock
 * except by a late refund (see the README)
 * @param clockMargin how far the checks for changed orders reach back before the instant
 * they cover, for the shops' clocks and WooCommerce's whole-second dates; also how far
 * before the cut the order poll's watermark is put
 * @param maxRounds how many times the import reads the stock again when orders changed
 * while it was read
 * @param applyTimeout how long the job waits for the ledger to apply the baseline events
 * @param ingestUrl ingest's base URL, to hand it the poll watermark at the cut
 * ({@code PUT /admin/sites/{id}/poll-watermark}); without it the watermark is left to
 * ingest (exactness does not depend on it)
 */
@Validated
@ConfigurationProperties("stocksync.onboarding")
record OnboardingProperties(@DefaultValue("120d") Duration maxAge, @DefaultValue("2m") Duration clockMargin,
		@Min(1) @DefaultValue("5") int maxRounds, @DefaultValue("10m") Duration applyTimeout, String ingestUrl) {
}
