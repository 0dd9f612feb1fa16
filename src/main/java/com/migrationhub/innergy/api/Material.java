package com.migrationhub.innergy.api;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A material, as answered and as sent (create and edit bodies leave Id and the audit times out).
 * Required on create: Sku, Name, Category, BaseUoM; Sku is unique; Status is Active or Inactive.
 */
public record Material(String id, String sku, String name, String description, String category, String subcategory,
                       String baseUoM, String purchasingUoM, Money cost, String vendor, String vendorPartNumber,
                       Integer leadTimeDays, BigDecimal minimumOrderQuantity, String status, String externalIdentifier,
                       Instant createdOn, Instant modifiedOn) {

    public static final String ACTIVE = "Active";
    public static final String INACTIVE = "Inactive";

    /** The body to send: what INNERGY manages itself (Id, audit times) left out. */
    public Material asInput() {
        return new Material(null, sku, name, description, category, subcategory, baseUoM, purchasingUoM, cost, vendor,
                vendorPartNumber, leadTimeDays, minimumOrderQuantity, status, externalIdentifier, null, null);
    }
}
