package com.migrationhub.canonical;

import java.math.BigDecimal;

/** A material in the canonical model, keyed by its canonical SKU (the PPak code when unmapped). */
public record CanonicalMaterial(
        String sku,
        String ppakCode,
        String innergySku,
        boolean mapped,
        String description,
        String category,
        String uom,
        String ppakUom,
        BigDecimal unitCost,
        String vendor,
        String vendorPartNumber,
        boolean active,
        String notes) implements CanonicalRecord {

    @Override
    public String naturalKey() {
        return sku;
    }

    public CanonicalMaterial withMapping(String sku, String innergySku, boolean mapped, String uom) {
        return new CanonicalMaterial(sku, ppakCode, innergySku, mapped, description, category, uom, ppakUom, unitCost,
                vendor, vendorPartNumber, active, notes);
    }
}
