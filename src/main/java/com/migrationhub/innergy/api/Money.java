package com.migrationhub.innergy.api;

import java.math.BigDecimal;

/** INNERGY money: {@code {"Value", "OriginalValue", "CurrencyCode"}}. */
public record Money(BigDecimal value, BigDecimal originalValue, String currencyCode) {
    public static Money usd(BigDecimal value) {
        return value == null ? null : new Money(value, value, "USD");
    }
}
